import NIOCore
import Testing
@testable import web

/// ``ConnectionDrain`` as a value: events in, actions out.
@Suite("ConnectionDrain")
struct ConnectionDrainTests {
    let start = NIODeadline.uptimeNanoseconds(1_000_000_000)

    /// Whether the next response head says `Connection: close` (a mutating call, which
    /// `#expect` cannot make itself).
    func announce(_ drain: inout ConnectionDrain) -> Bool {
        drain.responseHeadWillBeWritten()
    }
    let grace = TimeAmount.milliseconds(500)

    @Test("before a shutdown nothing closes and no response says Connection: close")
    func serving() {
        var drain = ConnectionDrain(idleGrace: grace, now: start)
        drain.requestBegan()
        #expect(!announce(&drain))
        #expect(drain.responseEnded(now: start + .milliseconds(5)) == .none)
        #expect(drain.idleCheck(now: start + .seconds(60)) == .none)
    }

    @Test("a request in progress when the shutdown begins: its response says Connection: close and the connection closes after it")
    func inFlight() {
        var drain = ConnectionDrain(idleGrace: grace, now: start)
        drain.requestBegan()
        #expect(drain.quiesce(now: start + .milliseconds(10)) == .none)
        #expect(announce(&drain))
        #expect(drain.responseEnded(now: start + .milliseconds(20)) == .closeAfterResponse)
    }

    @Test("an idle connection closes only once idle for the grace; a request arriving first is answered with Connection: close")
    func idle() {
        var drain = ConnectionDrain(idleGrace: grace, now: start)
        drain.requestBegan()
        #expect(drain.responseEnded(now: start + .milliseconds(100)) == .none)
        // idle since +100 ms: looked at again at +600 ms, not closed at once
        #expect(drain.quiesce(now: start + .milliseconds(200)) == .checkIdle(at: start + .milliseconds(600)))
        var used = drain
        used.requestBegan()
        #expect(used.idleCheck(now: start + .milliseconds(600)) == .none)
        #expect(announce(&used))
        #expect(used.responseEnded(now: start + .milliseconds(650)) == .closeAfterResponse)
        #expect(drain.idleCheck(now: start + .milliseconds(600)) == .closeIdle)
    }

    @Test("a connection idle for longer than the grace closes at once; one whose response head went out before the shutdown gets the grace")
    func longIdleAndEarlyHead() {
        var idle = ConnectionDrain(idleGrace: grace, now: start)
        #expect(idle.quiesce(now: start + .seconds(10)) == .closeIdle)

        var early = ConnectionDrain(idleGrace: grace, now: start)
        early.requestBegan()
        #expect(!announce(&early))
        #expect(early.quiesce(now: start + .milliseconds(10)) == .none)
        #expect(early.responseEnded(now: start + .milliseconds(30)) == .checkIdle(at: start + .milliseconds(530)))
    }
}
