import AppCore
import Shared
import Testing

/// ``ReadFlights`` as a value: events in, actions out, no store and no clock.
@Suite("ReadFlights: single flight, TTL and the waiting bound as values")
struct ReadFlightsTests {
    static let a = ReadKey(table: "A", key: ["Application": "TwelveFactorApp"])
    static let b = ReadKey(table: "B", key: ["Application": "TwelveFactorApp"])
    static let item: Item = ["Application": "TwelveFactorApp", "BgColor": "teal"]
    static let t0 = ContinuousClock.now

    @Test("the first request of a key leads, the next ones follow and are handed the one answer")
    func singleFlight() {
        var flights = ReadFlights<Int>(maxWaiting: 10, ttl: .zero)
        #expect(flights.admit(Self.a, waiter: 1, now: Self.t0) == .lead)
        #expect(flights.admit(Self.a, waiter: 2, now: Self.t0) == .follow)
        #expect(flights.admit(Self.a, waiter: 3, now: Self.t0) == .follow)
        #expect(flights.admit(Self.b, waiter: 4, now: Self.t0) == .lead)
        #expect(flights.waiting == 4 && flights.inFlight == 2)
        #expect(flights.complete(Self.a, with: .success(Self.item), now: Self.t0) == [2, 3])
        #expect(flights.waiting == 1 && flights.inFlight == 1)
        // No TTL: nothing kept, the next request leads a new read.
        #expect(flights.admit(Self.a, waiter: 5, now: Self.t0) == .lead)
    }

    @Test("admitWithoutWaiting leads, serves kept answers and refuses as admit does, and records nothing when it would follow")
    func withoutWaiting() {
        var flights = ReadFlights<Int>(maxWaiting: 2, ttl: .seconds(1))
        #expect(flights.admitWithoutWaiting(Self.a, now: Self.t0) == .lead)
        #expect(flights.admitWithoutWaiting(Self.a, now: Self.t0) == .follow)
        #expect(flights.waiting == 1)
        #expect(flights.admit(Self.a, waiter: 2, now: Self.t0) == .follow)
        #expect(flights.admitWithoutWaiting(Self.b, now: Self.t0) == .overloaded)
        #expect(flights.complete(Self.a, with: .success(Self.item), now: Self.t0) == [2])
        #expect(flights.admitWithoutWaiting(Self.a, now: Self.t0) == .cached(Self.item))
        #expect(flights.waiting == 0)
    }

    @Test("a good answer is kept until its TTL has passed; an error is never kept")
    func ttl() {
        var flights = ReadFlights<Int>(maxWaiting: 10, ttl: .milliseconds(500))
        #expect(flights.admit(Self.a, waiter: 1, now: Self.t0) == .lead)
        _ = flights.complete(Self.a, with: .failure(StoreError(code: .unavailable, message: "x", store: "sqlite", operation: "GetItem")), now: Self.t0)
        #expect(flights.admit(Self.a, waiter: 2, now: Self.t0) == .lead)
        _ = flights.complete(Self.a, with: .success(Self.item), now: Self.t0)
        #expect(flights.admit(Self.a, waiter: 3, now: Self.t0 + .milliseconds(499)) == .cached(Self.item))
        #expect(flights.admit(Self.b, waiter: 4, now: Self.t0 + .milliseconds(499)) == .lead)
        #expect(flights.admit(Self.a, waiter: 5, now: Self.t0 + .milliseconds(500)) == .lead)
        // A missing item is an answer too.
        _ = flights.complete(Self.b, with: .success(nil), now: Self.t0 + .milliseconds(600))
        #expect(flights.admit(Self.b, waiter: 6, now: Self.t0 + .milliseconds(700)) == .cached(nil))
        flights.forgetKept()
        #expect(flights.admit(Self.b, waiter: 7, now: Self.t0 + .milliseconds(700)) == .lead)
    }

    @Test("beyond maxWaiting requests waiting for the store, leaders or followers, a request is refused; kept answers still serve")
    func bound() {
        var flights = ReadFlights<Int>(maxWaiting: 2, ttl: .seconds(1))
        #expect(flights.admit(Self.a, waiter: 1, now: Self.t0) == .lead)
        #expect(flights.admit(Self.a, waiter: 2, now: Self.t0) == .follow)
        #expect(flights.admit(Self.a, waiter: 3, now: Self.t0) == .overloaded)
        #expect(flights.admit(Self.b, waiter: 4, now: Self.t0) == .overloaded)
        _ = flights.complete(Self.a, with: .success(Self.item), now: Self.t0)
        #expect(flights.waiting == 0)
        #expect(flights.admit(Self.a, waiter: 5, now: Self.t0) == .cached(Self.item))
        #expect(flights.admit(Self.b, waiter: 6, now: Self.t0) == .lead)
    }
}
