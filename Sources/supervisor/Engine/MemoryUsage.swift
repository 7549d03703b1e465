import Glibc

/// The resident memory of one process group at a sample: the sum of its live members' RSS,
/// the figure `status` shows (pages shared between members count once per member).
struct MemoryUsage: Equatable, Sendable {
    let group: pid_t
    let bytes: Int
}
