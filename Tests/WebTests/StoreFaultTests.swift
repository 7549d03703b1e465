import AppCore
import AppTestSupport
import AsyncHTTPClient
import Foundation
import PeerSupport
import Shared
import Testing
@testable import web

/// `/hello` on DynamoDB (a real moto server) behind the fault proxy, which holds GetItems or
/// answers them with DynamoDB's throttling errors, through the web's real HTTP client
/// configuration and the adaptive retry mode it runs with.
@Suite("web: store overload and throttling through the fault proxy", .ownThread, .serialized)
struct StoreFaultTests {
    /// Runs `body` with the app on DynamoDB behind a fault proxy in front of a moto server that
    /// holds the reference table and item.
    static func withApp(
        settings: WebSettings = WebSettings(host: "127.0.0.1", port: 0),
        _ body: @Sendable (_ base: String, _ client: HTTPClient, _ proxy: DelayProxy, _ dependencies: AppDependencies) async throws -> Void
    ) async throws {
        try await MotoServer.with { moto in
            let direct = DynamoDBStore(client: try MotoServer.client(endpoint: moto.endpoint))
            try await direct.createTable(ReferenceItem.schema("TwelveFactorApp"))
            try await direct.putItem(table: "TwelveFactorApp", item: ReferenceItem.seed)
            try await DelayProxy.with(upstream: moto.endpoint) { proxy in
                let storeClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .aws)
                let fixture = try await WebFixture()
                do {
                    let dynamo = try DynamoDBClient(
                        region: "us-east-1", endpoint: proxy.endpoint, credentials: StaticCredentialsProvider(MotoServer.credentials),
                        httpClient: storeClient, retry: RetryStrategy(maxAttempts: 3, baseDelay: .milliseconds(20), maxBackoff: .milliseconds(200), mode: .adaptive),
                        timeout: .seconds(20))
                    let dependencies = try await fixture.dependencies(store: DynamoDBStore(client: dynamo), settings: settings)
                    try await withLiveApp(dependencies) { base, client in try await body(base, client, proxy, dependencies) }
                } catch {
                    await fixture.remove()
                    try? await storeClient.shutdown()
                    throw error
                }
                await fixture.remove()
                try await storeClient.shutdown()
            }
        }
    }

    /// The store's sender (for its rate limiter).
    static func sender(_ dependencies: AppDependencies) -> AWSRequestSender? {
        (dependencies.store as? DynamoDBStore)?.client.sender
    }

    @Test("with the store held, /hello beyond STORE_MAX_INFLIGHT answers 503 with Retry-After before the held ones finish; / answers; one GetItem")
    func overload() async throws {
        try await Self.withApp(settings: WebSettings(host: "127.0.0.1", port: 0, storeMaxInflight: 4)) { base, client, proxy, dependencies in
            try await proxy.hold()
            try await withThrowingTaskGroup(of: HTTPProbe.Answer.self) { group in
                for _ in 0..<12 {
                    group.addTask { try await HTTPProbe.get("\(base)/hello", client: client) }
                }
                // The 8 refused requests finish while the 4 admitted ones wait for the held GetItem.
                for _ in 0..<8 {
                    let answer = try await group.next()
                    #expect(answer?.status == 503)
                    #expect(answer?.headers["retry-after"] == "1")
                    #expect(answer?.body.contains("(STORE_MAX_INFLIGHT=4)") == true)
                }
                #expect(dependencies.reads.waiting == 4)
                let health = try await HTTPProbe.get("\(base)/", client: client)
                #expect(health.status == 200 && health.body == "All good !")
                // The admitted requests' one GetItem may still be on its way to the proxy.
                try await eventually("the GetItem reaches the proxy and is held") { try await proxy.stats().held >= 1 }
                let held = try await proxy.stats()
                #expect(held.getitems == 1 && held.held == 1)
                try await proxy.release()
                for try await answer in group {
                    #expect(answer.status == 200)
                    #expect(answer.body.contains("Hello from Formation!"))
                }
            }
            #expect(try await proxy.stats().forwarded == 1)
        }
    }

    @Test("ThrottlingException is retried in adaptive mode: /hello answers 200 and the client now limits its rate")
    func throttlingIsRetried() async throws {
        try await Self.withApp { base, client, proxy, dependencies in
            #expect(Self.sender(dependencies)?.rateLimiter?.isEnabled == false)
            try await proxy.throttle(next: 2, code: "ThrottlingException")
            let answer = try await HTTPProbe.get("\(base)/hello", client: client)
            #expect(answer.status == 200)
            let stats = try await proxy.stats()
            #expect(stats.throttled == 2 && stats.getitems == 3 && stats.forwarded == 1)
            #expect(Self.sender(dependencies)?.rateLimiter?.isEnabled == true)
        }
    }

    @Test("a throttling error on every attempt surfaces as 503 Throttled with Retry-After, never 500", arguments: [
        "ProvisionedThroughputExceededException", "ThrottlingException",
    ])
    func throttledReadIs503(code: String) async throws {
        try await Self.withApp { base, client, proxy, _ in
            try await proxy.throttle(next: -1, code: code)
            let answer = try await HTTPProbe.get("\(base)/hello", client: client)
            #expect(answer.status == 503)
            #expect(answer.headers["retry-after"] == "5")
            #expect(answer.body == "Service Unavailable: dynamodb GetItem failed: Throttled (table TwelveFactorApp)\n")
            #expect(try await proxy.stats().throttled == 3)
        }
    }

    @Test("the DynamoDB client keeps its connection to the endpoint alive: 10 reads, one connection")
    func keepAlive() async throws {
        try await Self.withApp { base, client, proxy, _ in
            for _ in 0..<10 {
                #expect(try await HTTPProbe.get("\(base)/hello", client: client).status == 200)
            }
            let stats = try await proxy.stats()
            #expect(stats.getitems == 10)
            #expect(stats.getitemConnections == 1)
        }
    }
}
