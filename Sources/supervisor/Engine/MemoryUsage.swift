import Glibc

/// The resident memory of one process group at a sample: the sum of its live members' RSS,
/// the figure `status` shows (pages shared between members count once per member).
struct MemoryUsage: Equatable, Sendable {
    let group: pid_t
    let bytes: Int

    /// `bytes` as the over-memory line says it, next to a cap it exceeds: in whole MiB as
    /// `status` shows RSS (`530M`), with tenths when whole MiB would read as the cap or below
    /// (`64.3M` over 64M), and in bytes when even tenths would.
    static func text(_ bytes: Int, over cap: Int) -> String {
        let mebibyte = 1 << 20
        let whole = (bytes + mebibyte / 2) / mebibyte
        if whole * mebibyte > cap { return StatusTable.size(bytes) }
        let tenths = (bytes * 10 + mebibyte / 2) / mebibyte
        if tenths * mebibyte / 10 > cap { return "\(tenths / 10).\(tenths % 10)M" }
        return "\(bytes) bytes"
    }
}
