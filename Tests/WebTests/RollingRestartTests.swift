import AppTestSupport
import AsyncHTTPClient
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import ServiceLifecycle
import Testing
@testable import web

/// Servers share one listening socket, as `web=1` or `web=2` under `supervisor --socket web`
/// do, and are replaced one after the other while 32 clients send requests back to back, each
/// on a keep-alive connection of its own (as wrk does): not one request may fail.
///
/// Each client has a client of its own with one connection. One shared pool of 32 would keep
/// some connections idle for seconds (AsyncHTTPClient reuses the connection idle the shortest
/// time), and a draining server closes a connection idle for 2 s: a request sent on it at that
/// moment fails, the keep-alive race HTTP/1.1 leaves to the client (docs/app.md, Draining), and
/// seen here twice in a loaded CI run (2 of 1450). What the drain promises, and this checks, is
/// that a connection in steady use is never closed under a request.
@Suite("web: rolling restart on a shared socket")
struct RollingRestartTests {
    /// One server on its own copy of the socket, in a service group of its own.
    struct Instance {
        let group: ServiceGroup
        let task: Task<Void, any Error>

        init(socket: ListeningSocket, dependencies: AppDependencies) throws {
            let server = buildInheritedSocketServer(
                descriptor: try socket.duplicate(), dependencies: dependencies, logger: Logger(label: "test"), accessLogger: LogCapture().logger)
            let group = ServiceGroup(configuration: .init(services: [server], logger: Logger(label: "test")))
            self.group = group
            task = Task { try await group.run() }
        }

        /// Graceful shutdown; returns when the server has drained.
        func stop() async throws {
            await group.triggerGracefulShutdown()
            try await task.value
        }
    }

    @Test("web=1 and web=2, each instance replaced in turn under 32 keep-alive clients: every request answered 200", arguments: [1, 2])
    func zeroFailures(instances count: Int) async throws {
        let fixture = try await WebFixture()
        let dependencies = try await fixture.dependencies()
        let socket = try ListeningSocket()
        var instances = try (0..<count).map { _ in try Instance(socket: socket, dependencies: dependencies) }
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 1)
        let clients = (0..<32).map { _ in HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration) }
        let running = NIOLockedValueBox(true)
        let answered = NIOLockedValueBox(0)
        let failures = NIOLockedValueBox<[String]>([])
        async let load: Void = withTaskGroup(of: Void.self) { group in
            for client in clients {
                group.addTask {
                    while running.withLockedValue({ $0 }) {
                        do {
                            let response = try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(socket.port)/"), timeout: .seconds(10))
                            _ = try await response.body.collect(upTo: 1 << 16)
                            if response.status == .ok {
                                answered.withLockedValue { $0 += 1 }
                            } else {
                                failures.withLockedValue { $0.append("status \(response.status.code)") }
                            }
                        } catch {
                            failures.withLockedValue { $0.append("\(error)") }
                        }
                    }
                }
            }
        }
        // As the supervisor restarts: with one instance the replacement starts before the old one
        // stops; with two, one stops while the other serves, then its replacement starts.
        for index in 0..<count {
            try await Task.sleep(for: .seconds(1))
            let before = answered.withLockedValue { $0 }
            if count == 1 {
                let replacement = try Instance(socket: socket, dependencies: dependencies)
                try await instances[index].stop()
                instances[index] = replacement
            } else {
                try await instances[index].stop()
                instances[index] = try Instance(socket: socket, dependencies: dependencies)
            }
            #expect(answered.withLockedValue { $0 } > before, "requests went on while an instance drained")
        }
        try await Task.sleep(for: .seconds(1))
        running.withLockedValue { $0 = false }
        await load
        for instance in instances { try await instance.stop() }
        for client in clients { try await client.shutdown() }
        await fixture.remove()
        let failed = failures.withLockedValue { $0 }
        let total = answered.withLockedValue { $0 } + failed.count
        #expect(failed.isEmpty, "\(failed.count) of \(total) requests failed: \(Set(failed))")
        // A floor that proves every client's load went on, about one request each at least. The
        // proof that serving went on during each replacement is the check in the loop above; a
        // CI machine building the container image meanwhile managed only 47 in 3.5 s (a quiet
        // one manages thousands), so the floor stays low.
        #expect(total >= 32, "only \(total) requests")
    }
}
