import AppCore
import AppTestSupport
import Foundation
import Shared
import Testing

/// The blog's walkthrough, end to end, on both stores: the formation runs under
/// `supervisor start`; backup-job backs up and restores; the restored item's colour changes; the
/// dynamic config points at the restored table; `/refresh-config` on every web instance; `/hello`
/// shows the new colour with no process restarted.
@Suite("Reference walkthrough", .serialized)
struct WalkthroughTests {
    @Test("walkthrough on the embedded store")
    func embedded() async throws {
        let formation = try Formation()
        defer { formation.workspace.remove() }
        try await walkthrough(formation) { table, colour in
            let store = try formation.embeddedStore()
            try await recolour(store, table: table, colour: colour)
            await store.close()
        }
    }

    @Test("walkthrough on DynamoDB (moto)")
    func dynamo() async throws {
        try await MotoServer.with { moto in
            let formation = try Formation(extra: moto.clientEnvironment)
            defer { formation.workspace.remove() }
            try await walkthrough(formation) { table, colour in
                try await recolour(try motoStore(moto), table: table, colour: colour)
            }
        }
    }

    private func walkthrough(_ formation: Formation, recolourTable: (String, String) async throws -> Void) async throws {
        let provisioned = try await formation.run(["provision"])
        #expect(provisioned.status == 0, "provision: \(provisioned.error)")
        #expect(provisioned.output.contains("provisioned table=TwelveFactorApp created=true seeded=true"))

        let supervisor = try formation.start()
        defer { if supervisor.process.isRunning { supervisor.signal(SIGKILL) } }
        for instance in 0..<2 {
            try await HTTPProbe.waitUntilOK("\(formation.web(instance))/hello", server: supervisor)
            let hello = try await HTTPProbe.get("\(formation.web(instance))/hello")
            #expect(hello.body.contains("background-color:teal;"))
        }

        // (1) back up, then restore into a new table.
        let backup = try await formation.run(["backup-job"])
        #expect(backup.status == 0, "backup-job: \(backup.error)")
        #expect(backup.output.contains("backup AVAILABLE arn="), "\(backup.output)")
        #expect(backup.output.contains("name=TwelveFactorApp-20"))
        let restore = try await formation.run(["backup-job", "--restore-to", "TwelveFactorAppRestored"])
        #expect(restore.status == 0, "restore: \(restore.error)")
        #expect(restore.output.contains("restored arn=") && restore.output.contains("status=ACTIVE"), "\(restore.output)")

        // (2) change BgColor of the restored item; (3) point the dynamic config at that table.
        try await recolourTable("TwelveFactorAppRestored", "darkorange")
        try formation.workspace.write("config/app-config.json", #"{"TableName": "TwelveFactorAppRestored"}"#)

        // (4) refresh every instance; (5) /hello shows the new colour.
        for instance in 0..<2 {
            let refreshed = try await HTTPProbe.get("\(formation.web(instance))/refresh-config")
            #expect(refreshed.status == 200)
            #expect(refreshed.body == "Config Refreshed")
            let again = try await HTTPProbe.get("\(formation.web(instance))/refresh-config", method: .POST)
            #expect(again.body == "Nothing to refresh")
            #expect(try await HTTPProbe.get("\(formation.web(instance))/table-name").body == "TwelveFactorAppRestored")
            let hello = try await HTTPProbe.get("\(formation.web(instance))/hello")
            #expect(hello.status == 200)
            #expect(hello.body.contains("background-color:darkorange;"))
        }

        // No process restarted: each instance was spawned once and is still running.
        #expect(supervisor.process.isRunning)
        #expect(supervisor.output.components(separatedBy: "spawned web.1").count == 2)
        #expect(supervisor.output.components(separatedBy: "spawned web.2").count == 2)
        #expect(!supervisor.output.contains("exited"))

        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit(seconds: 30) == 0)
        #expect(supervisor.output.contains("web.1 (pid"))
        #expect(supervisor.output.components(separatedBy: "exited with status 0").count == 3, "\(supervisor.output)")
    }
}

/// Sets `BgColor` of the reference item in `table`.
func recolour(_ store: any ItemStore, table: String, colour: String) async throws {
    var item = try #require(try await store.getItem(table: table, key: ReferenceItem.key))
    item["BgColor"] = .s(colour)
    try await store.putItem(table: table, item: item)
}

/// A store on `moto`.
func motoStore(_ moto: MotoServer) throws -> DynamoDBStore {
    let client = try MotoServer.client(endpoint: moto.endpoint, retry: .standard)
    return DynamoDBStore(client: client, pollInterval: .milliseconds(50), waitTimeout: .seconds(30))
}
