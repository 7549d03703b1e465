import AppCore
import AppTestSupport
import AsyncHTTPClient
import Foundation
import NIOHTTP1
import Shared
import Testing
@testable import web

/// `/hello` reads through the coalescing reader: concurrent requests share one store read, a
/// table swap is honoured at once, `ITEM_CACHE_TTL` keeps successful answers only. A real
/// SQLite store behind a counting one, a real config file, a real socket.
@Suite("web: coalesced reads")
struct CoalescingTests {
    static let teal = "background-color:teal;"
    static let navy = "background-color:navy;"

    /// The app on a live socket over a counting store with two tables: `TwelveFactorApp` (teal,
    /// configured) and `Restored` (navy).
    struct Harness: Sendable {
        let base: String
        let client: HTTPClient
        let store: CountingStore
        let dependencies: AppDependencies
        let fixture: WebFixture

        /// Requests `path` of the app.
        func get(_ path: String, method: HTTPMethod = .GET) async throws -> HTTPProbe.Answer {
            try await HTTPProbe.get("\(base)\(path)", method: method, client: client)
        }

        /// Starts `count` concurrent `/hello` in `group`.
        func startHellos(_ count: Int, in group: inout ThrowingTaskGroup<HTTPProbe.Answer, any Error>) {
            for _ in 0..<count {
                group.addTask { try await get("/hello") }
            }
        }
    }

    static func withApp(ttlMilliseconds: Int = 0, maxInflight: Int = 256, sharesReads: Bool = true, _ body: @Sendable (Harness) async throws -> Void) async throws {
        let fixture = try await WebFixture()
        try await fixture.store.createTable(ReferenceItem.schema("Restored"))
        try await fixture.store.putItem(table: "Restored", item: ReferenceItem.seed.merging(["BgColor": "navy"]) { _, new in new })
        let store = CountingStore(fixture.store, sharesReads: sharesReads)
        let settings = WebSettings(host: "127.0.0.1", port: 0, itemCacheTTL: .milliseconds(ttlMilliseconds), storeMaxInflight: maxInflight)
        let dependencies = try await fixture.dependencies(store: store, settings: settings)
        do {
            try await withLiveApp(dependencies) { base, client in
                try await body(Harness(base: base, client: client, store: store, dependencies: dependencies, fixture: fixture))
            }
        } catch {
            await fixture.remove()
            throw error
        }
        await fixture.remove()
    }

    @Test("64 concurrent /hello cause one store read, and all 64 get the page")
    func sixtyFourShareOneRead() async throws {
        try await Self.withApp { app in
            app.store.hold()
            try await withThrowingTaskGroup(of: HTTPProbe.Answer.self) { group in
                app.startHellos(64, in: &group)
                try await eventually("64 requests wait for the store") { app.dependencies.reads.waiting == 64 }
                #expect(app.store.reads == 1)
                app.store.release()
                var answers = 0
                for try await answer in group {
                    #expect(answer.status == 200)
                    #expect(answer.body.contains(Self.teal))
                    answers += 1
                }
                #expect(answers == 64)
            }
            #expect(app.store.reads == 1)
            #expect(app.dependencies.reads.waiting == 0)
            // With no TTL, the next request reads again.
            #expect(try await app.get("/hello").status == 200)
            #expect(app.store.reads == 2)
        }
    }

    @Test("a table swap through /refresh-config never serves the old table's item afterwards, in flight or kept")
    func tableSwap() async throws {
        try await Self.withApp(ttlMilliseconds: 3_600_000) { app in
            app.store.hold()
            async let before = app.get("/hello")
            try await eventually("the first read is held") { app.dependencies.reads.waiting == 1 }
            try app.fixture.writeConfig(#"{"TableName": "Restored"}"#)
            #expect(try await app.get("/refresh-config", method: .POST).body == "Config Refreshed")
            // A request after the swap starts a read of the new table instead of joining the old one.
            async let after = app.get("/hello")
            try await eventually("the new table's read starts") { app.store.reads == 2 }
            app.store.release()
            #expect(try await before.body.contains(Self.teal))
            #expect(try await after.body.contains(Self.navy))
            // Kept for the TTL: no further read.
            #expect(try await app.get("/hello").body.contains(Self.navy))
            #expect(app.store.reads == 2)
            // Swapping back forgets what was kept: the old table is read again.
            try app.fixture.writeConfig(#"{"TableName": "TwelveFactorApp"}"#)
            #expect(try await app.get("/refresh-config").body == "Config Refreshed")
            #expect(try await app.get("/hello").body.contains(Self.teal))
            #expect(app.store.reads == 3)
        }
    }

    @Test("errors are not kept: a failed read is followed by a new read, a good answer is kept for ITEM_CACHE_TTL")
    func errorsAreNotCached() async throws {
        try await Self.withApp(ttlMilliseconds: 3_600_000) { app in
            app.store.failNext(1)
            let failed = try await app.get("/hello")
            #expect(failed.status == 503)
            #expect(failed.headers["retry-after"] == "5")
            #expect(failed.body == "Service Unavailable: sqlite GetItem failed: Unavailable (table TwelveFactorApp)\n")
            #expect(try await app.get("/hello").status == 200)
            #expect(app.store.reads == 2)
            #expect(try await app.get("/hello").status == 200)
            #expect(app.store.reads == 2)
        }
    }

    @Test("beyond STORE_MAX_INFLIGHT waiting requests /hello answers 503 with Retry-After at once; / keeps answering")
    func overloadInProcess() async throws {
        try await Self.withApp(maxInflight: 3) { app in
            app.store.hold()
            try await withThrowingTaskGroup(of: HTTPProbe.Answer.self) { group in
                app.startHellos(3, in: &group)
                try await eventually("3 requests wait for the store") { app.dependencies.reads.waiting == 3 }
                let refused = try await app.get("/hello")
                #expect(refused.status == 503)
                #expect(refused.headers["retry-after"] == "1")
                #expect(refused.body == "Service Unavailable: 3 requests already wait for the store (STORE_MAX_INFLIGHT=3); retry after 1 s\n")
                #expect(try await app.get("/").status == 200)
                app.store.release()
                for try await answer in group { #expect(answer.status == 200) }
            }
            #expect(app.store.reads == 1)
        }
    }

    @Test("a store that does not share reads (the embedded one) is read by each request: none waits for another's read or counts as waiting")
    func localReadsAreNotShared() async throws {
        try await Self.withApp(maxInflight: 1, sharesReads: false) { app in
            app.store.hold()
            try await withThrowingTaskGroup(of: HTTPProbe.Answer.self) { group in
                app.startHellos(4, in: &group)
                try await eventually("4 requests read the store at once") { app.store.reads == 4 }
                // None counts against STORE_MAX_INFLIGHT=1: a read on the caller's thread never waits.
                #expect(app.dependencies.reads.waiting == 0)
                app.store.release()
                for try await answer in group { #expect(answer.body.contains(Self.teal)) }
            }
        }
    }

    @Test("ITEM_CACHE_TTL keeps answers of a store that does not share reads")
    func localReadsAreKept() async throws {
        try await Self.withApp(ttlMilliseconds: 3_600_000, sharesReads: false) { app in
            app.store.failNext(1)
            let failed = try await app.get("/hello")
            #expect(failed.status == 503)
            #expect(try await app.get("/hello").body.contains(Self.teal))
            #expect(try await app.get("/hello").body.contains(Self.teal))
            #expect(app.store.reads == 2)
        }
    }
}
