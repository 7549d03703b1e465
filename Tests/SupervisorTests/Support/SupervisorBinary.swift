import Foundation

/// The `supervisor` executable built beside the test bundle (or $SUPERVISOR_BINARY).
enum SupervisorBinary {
    static let path: String = {
        if let explicit = ProcessInfo.processInfo.environment["SUPERVISOR_BINARY"] { return explicit }
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return me.deletingLastPathComponent().appendingPathComponent("supervisor").path
    }()
}
