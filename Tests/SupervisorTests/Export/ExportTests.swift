import PeerSupport
import Testing

/// Every export suite, run one at a time: checkov, cfn-lint and the release build are heavy, and
/// running them side by side starves the timing-sensitive supervisor suites on two cores.
@Suite("Export", .serialized, .ownThread)
struct ExportTests {}
