/// When changes to one type's watched paths (`--watch`) become a restart of it. A build writes
/// a file in many pieces and may touch several files: the restart waits for a quiet period after
/// the last change (`quiet`), but never longer than `longest` after the first, so a writer that
/// never stops still gets its restart. While a restart of the type is in progress, changes are
/// kept and give one more restart once it is over, never one per change.
///
/// A value without a clock: the runner passes `now` and whether the type is restarting.
struct WatchDebounce: Equatable, Sendable {
    /// The quiet period after the last change.
    var quiet: Milliseconds = 300
    /// The longest wait after the first change of a burst.
    var longest: Milliseconds = 2000
    /// The first and last change waiting for their restart (nil: none).
    private(set) var first: Milliseconds?
    private(set) var last: Milliseconds?
    /// The changed paths, in the order first seen, at most `shownPaths` of them, and how many in all.
    private(set) var paths: [String] = []
    private(set) var changes = 0

    /// How many changed paths a restart's report names.
    static let shownPaths = 3

    /// What a due restart reports: the paths first seen, and how many changes in all.
    struct Trigger: Equatable, Sendable {
        let paths: [String]
        let changes: Int
    }

    /// Whether changes wait for their restart.
    var isWaiting: Bool { first != nil }

    /// A change to `path` seen at `now`.
    mutating func changed(_ path: String, now: Milliseconds) {
        if first == nil { first = now }
        last = max(last ?? now, now)
        changes += 1
        if paths.count < Self.shownPaths && !paths.contains(path) { paths.append(path) }
    }

    /// When the waiting changes are due (nil: none wait). While the type is restarting they
    /// wait for its end instead: the loop must not spin on a past deadline.
    func deadline(restarting: Bool) -> Milliseconds? {
        guard !restarting, let first, let last else { return nil }
        return min(last + quiet, first + longest)
    }

    /// The restart to ask for now, if the waiting changes are due and the type is not already
    /// restarting; it forgets them (later changes start a new burst).
    mutating func due(now: Milliseconds, restarting: Bool) -> Trigger? {
        guard let deadline = deadline(restarting: restarting), now >= deadline else { return nil }
        let trigger = Trigger(paths: paths, changes: changes)
        first = nil
        last = nil
        paths = []
        changes = 0
        return trigger
    }
}
