import AppCore
import AppTestSupport
import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Shared
import Testing
@testable import web

/// The routes against a real SQLite store and a real config file, through Hummingbird's
/// router test client.
@Suite("web routes")
struct RouteTests {
    @Test("GET / answers All good ! without touching the store")
    func health() async throws {
        let fixture = try await WebFixture()
        let dependencies = try await fixture.dependencies()
        await fixture.store.close()  // a closed store fails any read
        try await Application(router: buildRouter(dependencies: dependencies)).test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "All good !")
            }
            try await client.execute(uri: "/hello", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
            }
        }
        await fixture.remove()
    }

    @Test("GET /hello renders the reference item exactly")
    func hello() async throws {
        let fixture = try await WebFixture()
        let router = buildRouter(dependencies: try await fixture.dependencies())
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/hello", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(String(buffer: response.body) == """
                    <html><body style="background-color:teal;color:white;text-align:center"><p><strong><h1>Hello from Formation!</h1></strong></p><p><h2>Developed with Swift, deployed with the Formation supervisor</h2></p></body></html>
                    """)
            }
        }
        await fixture.remove()
    }

    @Test("GET /hello escapes every value and refuses a colour that is not a colour")
    func escaping() async throws {
        let fixture = try await WebFixture(item: [
            "Application": "TwelveFactorApp", "Name": "<script>alert('x')</script>", "Language": "A & B",
            "Platform": "\"quoted\"", "BgColor": "red;background-image:url(http://evil)",
        ])
        let router = buildRouter(dependencies: try await fixture.dependencies())
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/hello", method: .get) { response in
                let body = String(buffer: response.body)
                #expect(body.contains("Hello from &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;!"))
                #expect(body.contains("Developed with A &amp; B, deployed with &quot;quoted&quot;"))
                #expect(body.contains("background-color:\(CSSColor.fallback);"))
                #expect(!body.contains("evil"))
            }
        }
        await fixture.remove()
    }

    @Test("GET /hello accepts #hex colours and named colours in any case")
    func colours() {
        #expect(CSSColor.validated("#a0b") == "#a0b")
        #expect(CSSColor.validated("#A0B1C2") == "#A0B1C2")
        #expect(CSSColor.validated("RebeccaPurple") == "rebeccapurple")
        #expect(CSSColor.validated("#12345") == nil)
        #expect(CSSColor.validated("#ggg") == nil)
        #expect(CSSColor.validated("url(x)") == nil)
        #expect(CSSColor.validated(nil) == nil)
        #expect(CSSColor.validated("  teal ") == "teal")
        #expect(CSSColor.validated(" #fff") == "#fff")
        #expect(CSSColor.validated("") == nil)
        #expect(CSSColor.validated("#") == nil)
        #expect(CSSColor.validated("te al") == nil)
        // Non-ASCII never matches, even what Unicode lowercases to ASCII (U+212A KELVIN SIGN).
        #expect(CSSColor.validated("\u{212A}haki") == nil)
        #expect(CSSColor.validated("t\u{00E9}al") == nil)
    }

    @Test("GET /hello on a missing item answers 404 naming the table and key")
    func missingItem() async throws {
        let fixture = try await WebFixture(item: nil)
        let router = buildRouter(dependencies: try await fixture.dependencies())
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/hello", method: .get) { response in
                #expect(response.status == .notFound)
                let body = String(buffer: response.body)
                #expect(body.contains("Application = TwelveFactorApp"))
                #expect(body.contains("in table TwelveFactorApp"))
            }
        }
        await fixture.remove()
    }

    @Test("GET /hello answers 503 with Retry-After and one line when DynamoDB is unreachable, with no secret in it")
    func unreachableStore() async throws {
        let fixture = try await WebFixture()
        let port = try FreePort.find()  // nothing listens there
        let client = try DynamoDBClient(
            region: "us-east-1", endpoint: "http://127.0.0.1:\(port)",
            credentials: StaticCredentialsProvider(AWSCredentials(accessKeyID: "AKIDSECRETIDENTIFIER", secretAccessKey: "TOPSECRETKEYVALUE")),
            httpClient: HTTPClient.shared, retry: RetryStrategy(maxAttempts: 2, baseDelay: .milliseconds(10), maxBackoff: .milliseconds(20)),
            timeout: .seconds(2))
        let router = buildRouter(dependencies: try await fixture.dependencies(store: DynamoDBStore(client: client)))
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/hello", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "5")
                let body = String(buffer: response.body)
                #expect(body == "Service Unavailable: dynamodb GetItem failed: Unavailable (table TwelveFactorApp)\n")
                #expect(!body.contains("AKID") && !body.contains("SECRET"))
            }
        }
        await fixture.remove()
    }

    @Test("GET /table-name answers the configured table")
    func tableName() async throws {
        let fixture = try await WebFixture(table: "Other")
        let router = buildRouter(dependencies: try await fixture.dependencies())
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/table-name", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "Other")
                #expect(response.headers[.contentType] == "text/plain; charset=utf-8")
            }
        }
        await fixture.remove()
    }

    @Test("/refresh-config: Nothing to refresh, Config Refreshed, then 502 with the fixed text keeping the last good table")
    func refresh() async throws {
        let fixture = try await WebFixture()
        try await fixture.store.createTable(ReferenceItem.schema("Restored"))
        try await fixture.store.putItem(table: "Restored", item: ReferenceItem.seed.merging(["BgColor": "navy"]) { _, new in new })
        let router = buildRouter(dependencies: try await fixture.dependencies())
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/refresh-config", method: .get) { response in
                #expect(String(buffer: response.body) == "Nothing to refresh")
            }
            try fixture.writeConfig(#"{"TableName": "Restored"}"#)
            try await client.execute(uri: "/refresh-config", method: .post) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "Config Refreshed")
            }
            try await client.execute(uri: "/table-name", method: .get) { response in
                #expect(String(buffer: response.body) == "Restored")
            }
            try await client.execute(uri: "/hello", method: .get) { response in
                #expect(String(buffer: response.body).contains("background-color:navy;"))
            }
            try fixture.writeConfig("{not json")
            try await client.execute(uri: "/refresh-config", method: .get) { response in
                #expect(response.status == .badGateway)
                // The fixed text: neither the file's path nor the parser's message.
                #expect(String(buffer: response.body) == Routes.refreshFailedBody)
                #expect(!String(buffer: response.body).contains(fixture.configPath))
            }
            try await client.execute(uri: "/table-name", method: .get) { response in
                #expect(String(buffer: response.body) == "Restored")
            }
        }
        await fixture.remove()
    }

    @Test("one access-log entry per request with method, path, status, duration and request id")
    func accessLog() async throws {
        let fixture = try await WebFixture()
        let capture = LogCapture()
        let router = buildRouter(dependencies: try await fixture.dependencies(), accessLogger: capture.logger)
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.headers[.xRequestID] != nil)
            }
            try await client.execute(uri: "/nowhere", method: .get) { _ in }
        }
        let entries = capture.entries
        #expect(entries.count == 2)
        #expect(entries.first?.metadata["path"] == "/")
        #expect(entries.first?.metadata["method"] == "GET")
        #expect(entries.first?.metadata["status"]?.description == "200")
        #expect(entries.last?.metadata["status"]?.description == "404")
        #expect(entries.allSatisfy { $0.metadata["duration_ms"] != nil && $0.metadata["request_id"] != nil })
        await fixture.remove()
    }

    @Test("the access log through web's own JSON handler: one line per request with the same fields, numbers as numbers")
    func accessLogLines() async throws {
        let fixture = try await WebFixture()
        let file = try LogFile("access")
        let writer = LogWriter(fd: file.descriptor)
        let accessLogger = Logger(label: "web.access") { label in JSONLogHandler(label: label, level: .info, writer: writer) }
        let router = buildRouter(dependencies: try await fixture.dependencies(), accessLogger: accessLogger)
        let ids = try await Application(router: router).test(.router) { client in
            let first = try await client.execute(uri: "/hello", method: .get) { $0.headers[.xRequestID] }
            let second = try await client.execute(uri: "/nowhere?x=1", method: .get) { $0.headers[.xRequestID] }
            return [first, second]
        }
        writer.flush()
        let lines = try file.text().split(separator: "\n")
        try #require(lines.count == 2)
        let objects = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(objects.map { $0["path"] as? String } == ["/hello", "/nowhere"])
        #expect(objects.map { $0["status"] as? Int } == [200, 404])
        #expect(objects.map { $0["method"] as? String } == ["GET", "GET"])
        // A 404 is thrown past the middleware, so only the 200 carries X-Request-Id.
        #expect(objects.first?["request_id"] as? String == ids[0])
        // Hummingbird's id: a random 64-bit prefix in hex without leading zeros, then 16 hex digits.
        #expect(objects.allSatisfy { ($0["request_id"] as? String)?.wholeMatch(of: /[0-9a-f]{17,32}/) != nil })
        #expect(objects.allSatisfy { ($0["duration_ms"] as? Double).map { $0 >= 0 } == true && $0["label"] as? String == "web.access" })
        await fixture.remove()
    }
}
