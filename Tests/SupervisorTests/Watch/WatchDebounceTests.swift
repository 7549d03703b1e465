import Testing

@testable import supervisor

/// The debounce of `--watch` as a table: changes at given times, the loop looking at given
/// times (restarting or not), and when restarts are asked for.
@Suite("WatchDebounce")
struct WatchDebounceTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        /// When changes are seen.
        let changes: [Milliseconds]
        /// While the type restarts (another restart, or the one a fire asked for).
        var restarting: [ClosedRange<Milliseconds>] = []
        /// When restarts are asked for.
        let fires: [Milliseconds]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "one change: a restart after the quiet period", changes: [0], fires: [300]),
        Case(name: "no change: nothing", changes: [], fires: []),
        Case(name: "20 writes in 100 ms: one restart, 300 ms after the last", changes: Array(stride(from: 0, to: 100, by: 5)), fires: [395]),
        Case(name: "a writer that never stops: a restart 2 s after its first write, then every 2 s",
             changes: Array(stride(from: 0, through: 4500, by: 100)), fires: [2000, 4100, 4800]),
        Case(name: "two bursts apart: two restarts", changes: [0, 50, 1000, 1010], fires: [350, 1310]),
        Case(name: "a change during another restart waits for its end", changes: [0], restarting: [0...1000], fires: [1005]),
        Case(name: "changes during the restart it asked for: one more restart after it, not one each",
             changes: [0, 500, 600, 700], restarting: [305...1500], fires: [300, 1505]),
        Case(name: "a change while restarting whose quiet period ends after the restart: at its own time",
             changes: [0, 1400], restarting: [305...1500], fires: [300, 1700]),
    ]

    @Test("when restarts are asked for", arguments: cases)
    func table(_ test: Case) {
        var debounce = WatchDebounce()
        var fires: [Milliseconds] = []
        // The loop looks every 5 ms; a restart the debounce asked for is in progress only
        // where the case says so.
        for now in stride(from: Milliseconds(0), through: 6000, by: 5) {
            for change in test.changes where change > now - 5 && change <= now { debounce.changed("src/a.swift", now: change) }
            let restarting = test.restarting.contains { $0.contains(now) }
            if debounce.due(now: now, restarting: restarting) != nil { fires.append(now) }
        }
        #expect(fires == test.fires)
    }

    @Test("the deadline: the earlier of quiet after the last and longest after the first; none while restarting")
    func deadline() {
        var debounce = WatchDebounce()
        #expect(debounce.deadline(restarting: false) == nil)
        debounce.changed("a", now: 1000)
        #expect(debounce.deadline(restarting: false) == 1300)
        debounce.changed("a", now: 2900)
        #expect(debounce.deadline(restarting: false) == 3000)
        #expect(debounce.deadline(restarting: true) == nil)
        #expect(debounce.due(now: 2999, restarting: false) == nil)
        #expect(debounce.due(now: 3000, restarting: false) == WatchDebounce.Trigger(paths: ["a"], changes: 2))
        #expect(debounce.deadline(restarting: false) == nil)
    }

    @Test("a trigger names the first paths, each once, and counts every change")
    func paths() {
        var debounce = WatchDebounce()
        for path in ["a", "b", "a", "c", "d", "e"] { debounce.changed(path, now: 0) }
        #expect(debounce.due(now: 300, restarting: false) == WatchDebounce.Trigger(paths: ["a", "b", "c"], changes: 6))
    }
}
