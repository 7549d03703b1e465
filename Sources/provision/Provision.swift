import AppCore
import ArgumentParser
import AsyncHTTPClient
import ExitCodes
import Foundation
import Logging
import Shared
import SystemdDaemon

/// The provisioning admin process (`supervisor run provision`): creates the reference table
/// when it is missing and seeds the reference item when it is absent. Idempotent.
@main
struct Provision: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provision",
        abstract: "Create the reference table and seed its item (idempotent).",
        discussion: "Exit status: 0 on success, 1 when the store failed, \(SysExit.configuration) on a configuration error.")

    @Option(help: "The table (default: the dynamic config's TableName).")
    var table: String?

    @Flag(help: "Create the table only; write no item.")
    var noSeed = false

    @Flag(help: "Overwrite the reference item even when it exists.")
    var reset = false

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: .warning, fd: 2) }
        let config: FormationConfig
        do {
            config = try FormationConfig.parse(AppEnvironment(environment))
        } catch {
            let lines = error.errors.map { "provision: error: \($0.description)\n" }.joined()
            FileHandle.standardError.write(Data(lines.utf8))
            throw ExitCode(SysExit.configuration)
        }
        // For a service manager waiting on this job (`supervisor --ready notify`, systemd's
        // Type=notify): started, and how it ended. A no-op without NOTIFY_SOCKET.
        SystemdNotifier.notify(["READY": "1", "STATUS": "provisioning"])
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .aws)
        let status = await provision(config: config, environment: environment, httpClient: httpClient)
        try? await httpClient.shutdown()
        SystemdNotifier.notify(["STOPPING": "1", "STATUS": status == 0 ? "done" : "failed with status \(status)"])
        if status != 0 { throw ExitCode(status) }
    }

    /// Creates the table unless it exists (also when another run created it meanwhile);
    /// whether this call created it.
    static func createIfMissing(_ store: any ItemStore, _ schema: TableSchema) async throws(StoreError) -> Bool {
        guard try await store.describeTable(schema.name) == nil else { return false }
        do {
            try await store.createTable(schema)
            return true
        } catch {
            guard error.code == .tableExists else { throw error }
            return false
        }
    }

    private func provision(config: FormationConfig, environment: [String: String], httpClient: HTTPClient) async -> Int32 {
        let connector = StoreConnector(config: config, environment: environment, httpClient: httpClient, logger: .init(label: "provision"))
        let store: any ItemStore
        do {
            store = try connector.openStore()
        } catch {
            FileHandle.standardError.write(Data("provision: error: \(error.description)\n".utf8))
            return 1
        }
        do {
            let name: String
            if let table {
                name = table
            } else {
                name = try await connector.currentTableName()
            }
            let created = try await Self.createIfMissing(store, ReferenceItem.schema(name))
            var seeded = false
            let missing = try await store.getItem(table: name, key: ReferenceItem.key) == nil
            if !noSeed, reset || missing {
                try await store.putItem(table: name, item: ReferenceItem.seed)
                seeded = true
            }
            print("provisioned table=\(name) created=\(created) seeded=\(seeded) store=\(store.kind)")
            await store.close()
            return 0
        } catch let error as DynamicConfigError {
            FileHandle.standardError.write(Data("provision: error: \(error.description)\n".utf8))
            await store.close()
            return SysExit.configuration
        } catch {
            FileHandle.standardError.write(Data("provision: error: \(error)\n".utf8))
            await store.close()
            return 1
        }
    }
}
