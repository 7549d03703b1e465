import AppTestSupport
import AsyncHTTPClient
import Foundation
import Shared
import Testing

/// Retries, backoff and timeouts, proven through a fault-injecting proxy in front of moto.
@Suite("retries and timeouts through a fault-injecting proxy", .serialized)
struct FaultInjectionTests {
    /// Runs `body` with a proxy in front of the shared moto server, and a table behind it.
    static func withProxy(
        retry: RetryStrategy = MotoServer.fastRetry,
        timeout: Duration = .seconds(20),
        _ body: (DynamoDBClient, _ setPlan: @Sendable ([String]) async throws -> Void, _ stats: @Sendable () async throws -> [String: Any], String) async throws -> Void
    ) async throws {
        try await Moto.withServer { direct, moto in
            let table = Moto.uniqueName("faults")
            try await Moto.createTable(direct, table)
            try await PeerProcess.with({ try await PeerProcess.python("fault_proxy.py", [String(moto.port)]) }) { proxy in
                let client = try MotoServer.client(endpoint: proxy.endpoint, retry: retry, timeout: timeout)
                let setPlan: @Sendable ([String]) async throws -> Void = { plan in
                    let json = String(decoding: try JSONSerialization.data(withJSONObject: plan), as: UTF8.self)
                    _ = try await PeerHTTP.request(.POST, "\(proxy.endpoint)/__plan", body: json)
                }
                let stats: @Sendable () async throws -> [String: Any] = { try await PeerHTTP.json("\(proxy.endpoint)/__stats") }
                try await body(client, setPlan, stats, table)
            }
        }
    }

    @Test("throttling, 500, 503 and dropped connections are retried until success")
    func transientFaultsAreRetried() async throws {
        try await Self.withProxy { client, setPlan, stats, table in
            for plan in [["throttle", "throttle"], ["error500"], ["error503", "drop"], ["drop"]] {
                try await setPlan(plan)
                try await client.putItem(PutItemInput(tableName: table, item: ["pk": "retry", "sk": 1, "plan": .s(plan.joined(separator: ","))]))
                let seen = try await stats()
                #expect(seen["requests"] as? Int == plan.count + 1, "plan \(plan)")
                #expect(seen["forwarded"] as? Int == 1, "plan \(plan)")
            }
        }
    }

    @Test("three throttles exhaust the three attempts; the error says so")
    func attemptsAreBounded() async throws {
        try await Self.withProxy { client, setPlan, stats, table in
            try await setPlan(["throttle", "throttle", "throttle", "throttle"])
            let error = await #expect(throws: AWSError.self) { _ = try await client.getItem(tableName: table, key: ["pk": "x", "sk": 1]) }
            #expect(error?.code == .provisionedThroughputExceeded)
            #expect(error?.attempts == 3)
            #expect(error?.description.contains("3 attempts") == true)
            #expect(try await stats()["requests"] as? Int == 3)
        }
    }

    @Test("a validation error is not retried")
    func nonRetryableIsNotRetried() async throws {
        try await Self.withProxy { client, setPlan, stats, table in
            try await setPlan(["validation"])
            let error = await #expect(throws: AWSError.self) { _ = try await client.getItem(tableName: table, key: ["pk": "x", "sk": 1]) }
            #expect(error?.code == .validation)
            #expect(error?.attempts == 1)
            #expect(try await stats()["requests"] as? Int == 1)
        }
    }

    @Test("backoff waits between attempts: exponential, full jitter (here pinned at its ceiling)")
    func backoffIsObserved() async throws {
        let retry = RetryStrategy(maxAttempts: 3, baseDelay: .milliseconds(200), maxBackoff: .seconds(20), random: { 0.999 })
        try await Self.withProxy(retry: retry) { client, setPlan, _, table in
            try await setPlan(["throttle", "throttle"])
            let clock = ContinuousClock()
            let elapsed = try await clock.measure {
                _ = try await client.getItem(tableName: table, key: ["pk": "x", "sk": 1])
            }
            #expect(elapsed >= .milliseconds(590), "200 ms then 400 ms of backoff")
            #expect(elapsed < .seconds(10))
        }
    }

    @Test("a request slower than the timeout fails with Timeout and is retried")
    func timeoutIsEnforcedAndRetried() async throws {
        try await Self.withProxy(timeout: .milliseconds(700)) { client, setPlan, stats, table in
            try await setPlan(["delay:2"])
            _ = try await client.getItem(tableName: table, key: ["pk": "x", "sk": 1])
            #expect(try await stats()["requests"] as? Int == 2)

            try await setPlan(["delay:2", "delay:2", "delay:2"])
            let clock = ContinuousClock()
            var caught: AWSError?
            let elapsed = await clock.measure {
                do { _ = try await client.getItem(tableName: table, key: ["pk": "x", "sk": 1]) } catch { caught = error as? AWSError }
            }
            #expect(caught?.code == .timeout)
            #expect(caught?.attempts == 3)
            #expect(elapsed < .seconds(4), "three 0.7 s timeouts plus short backoffs, not three 2 s waits")
        }
    }

    @Test("BatchWriteItem resends UnprocessedItems until every write is done")
    func unprocessedItemsAreResent() async throws {
        try await Self.withProxy { client, setPlan, stats, table in
            // The proxy forwards only part of each of the first three batches and answers the rest
            // as UnprocessedItems, as DynamoDB does under load.
            try await setPlan(["unprocess:10", "unprocess:5", "unprocess:1"])
            let writes = (0..<40).map { WriteRequest.put(["pk": "batch", "sk": .n($0)]) }
            let resends = try await client.batchWrite(tableName: table, writes)
            #expect(resends == 3)
            #expect(try await stats()["requests"] as? Int == 5, "two chunks (25 + 15) plus three resends")
            let items = try await client.queryPages(QueryInput(
                tableName: table, keyConditionExpression: "pk = :p", expressionAttributeValues: [":p": "batch"]
            )).allItems()
            #expect(items.count == 40)
        }
    }
}
