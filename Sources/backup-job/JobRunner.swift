import AppCore
import AsyncHTTPClient
import ExitCodes
import Foundation
import Logging
import Shared

/// Opens the store, runs one ``JobMode`` and prints its summary; returns the exit status.
struct JobRunner {
    let config: FormationConfig
    let environment: [String: String]
    let httpClient: HTTPClient
    let segments: Int

    func run(_ mode: JobMode, table override: String?) async -> Int32 {
        let logger = Logger(label: "backup-job")
        let connector = StoreConnector(config: config, environment: environment, httpClient: httpClient, logger: logger)
        let store: any ItemStore
        do {
            store = try connector.openStore()
        } catch {
            Console.error(error.description)
            return 1
        }
        let start = ContinuousClock.now
        let status: Int32
        do {
            let summary = try await perform(mode, store: store, connector: connector, table: override)
            Console.endProgress()
            Console.summary("\(summary) in \(Self.seconds(since: start))s")
            status = 0
        } catch let error as DynamicConfigError {
            Console.error(error.description)
            status = SysExit.configuration
        } catch {
            Console.error("\(error)")
            status = 1
        }
        await store.close()
        return status
    }

    private func perform(_ mode: JobMode, store: any ItemStore, connector: StoreConnector, table override: String?) async throws -> String {
        func tableName(_ override: String?) async throws -> String {
            if let override { return override }
            return try await connector.currentTableName()
        }
        switch mode {
        case .backup:
            let table = try await tableName(override)
            let record = try await store.createBackup(table: table, name: BackupName.make(table: table, at: Date()))
            return "backup \(record.status) arn=\(record.id) name=\(record.name) table=\(table) store=\(store.kind)"
        case .restore(let target, let backupID):
            let table = try await tableName(override)
            let id: String
            if let backupID {
                id = backupID
            } else {
                guard let newest = try await store.newestBackup(of: table) else {
                    throw JobError("table \(table) has no backup to restore; run backup-job first")
                }
                id = newest.id
            }
            Console.progress("restoring \(id) into \(target)...")
            let info = try await store.restoreBackup(id: id, to: target)
            return "restored arn=\(id) table=\(target) status=\(info.status) store=\(store.kind)"
        case .export(let path):
            let table = try await tableName(override)
            let count = try await Exporter(store: store, segments: segments).export(table: table, to: path)
            return "exported items=\(count) table=\(table) file=\(path) store=\(store.kind)"
        case .import(let path, let table):
            let count = try await Importer(store: store).import(from: path, into: table)
            return "imported items=\(count) table=\(table) file=\(path) store=\(store.kind)"
        }
    }

    static func seconds(since start: ContinuousClock.Instant) -> String {
        let (seconds, attoseconds) = (ContinuousClock.now - start).components
        let value = Double(seconds) + Double(attoseconds) / 1e18
        return String(format: "%.2f", value)
    }
}
