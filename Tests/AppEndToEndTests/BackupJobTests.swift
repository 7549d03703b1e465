import AppCore
import AppTestSupport
import Foundation
import Shared
import Testing

/// backup-job through `supervisor run`, on both stores: export and import round trips, restore
/// of a given backup, and its errors.
@Suite("backup-job", .serialized)
struct BackupJobTests {
    @Test("export then import is lossless for all ten types, on the embedded store")
    func roundTripEmbedded() async throws {
        let formation = try Formation()
        defer { formation.workspace.remove() }
        try await roundTrip(formation) {
            try formation.embeddedStore()
        }
    }

    @Test("export then import is lossless for all ten types, on DynamoDB (moto)")
    func roundTripDynamo() async throws {
        try await MotoServer.with { moto in
            let formation = try Formation(extra: moto.clientEnvironment)
            defer { formation.workspace.remove() }
            try await roundTrip(formation) { try motoStore(moto) }
        }
    }

    private func roundTrip(_ formation: Formation, store open: () throws -> any ItemStore) async throws {
        #expect(try await formation.run(["provision"]).status == 0)
        let store = try open()
        let items: [Item] = (0..<260).map { index in
            var item = Self.allTypes(index)
            item["Application"] = .s("app-\(index)")
            return item
        }
        try await store.putItems(table: "TwelveFactorApp", items: items)
        let expected = try await store.allItems(table: "TwelveFactorApp")
        #expect(expected.count == 261)

        let exported = try await formation.run(["backup-job", "--export", "out/items.jsonl", "--segments", "3"])
        #expect(exported.status == 0, "export: \(exported.error)")
        #expect(exported.output.contains("exported items=261 table=TwelveFactorApp"), "\(exported.output)")
        let text = try formation.workspace.read("out/items.jsonl")
        #expect(text.split(separator: "\n").count == 261)
        #expect(text.split(separator: "\n").allSatisfy { $0.hasPrefix(#"{"Item":{"#) })
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: formation.workspace.url.appendingPathComponent("out").path)
        #expect(leftovers == ["items.jsonl"])

        #expect(try await formation.run(["provision", "--table", "Copy", "--no-seed"]).status == 0)
        let imported = try await formation.run(["backup-job", "--import", "out/items.jsonl", "--to", "Copy"])
        #expect(imported.status == 0, "import: \(imported.error)")
        #expect(imported.output.contains("imported items=261 table=Copy"), "\(imported.output)")
        let copied = try await store.allItems(table: "Copy")
        let byKey = { (items: [Item]) in Dictionary(uniqueKeysWithValues: items.map { ($0["Application"]?.stringValue ?? "", normalized($0)) }) }
        #expect(byKey(copied) == byKey(expected))
        await store.close()
    }

    @Test("an export replaces a symlink planted at its path (the file it pointed at is unchanged), mode 0600, nothing left behind")
    func exportReplacesPlantedSymlink() async throws {
        let formation = try Formation()
        defer { formation.workspace.remove() }
        #expect(try await formation.run(["provision"]).status == 0)
        let root = formation.workspace.url.path
        try FileManager.default.createDirectory(atPath: root + "/out", withIntermediateDirectories: true)
        try formation.workspace.write("victim", "precious\n")
        try FileManager.default.createSymbolicLink(atPath: root + "/out/items.jsonl", withDestinationPath: root + "/victim")

        let exported = try await formation.run(["backup-job", "--export", "out/items.jsonl"])
        #expect(exported.status == 0, "export: \(exported.error)")
        #expect(try formation.workspace.read("victim") == "precious\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: root + "/out/items.jsonl")
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        #expect(try formation.workspace.read("out/items.jsonl").hasPrefix(#"{"Item":{"#))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/out") == ["items.jsonl"])
    }

    @Test("restore of a given backup id; errors are one clear line and a non-zero status")
    func restoreAndErrors() async throws {
        let formation = try Formation()
        defer { formation.workspace.remove() }
        let noBackup = try await formation.run(["backup-job", "--restore-to", "Nope"])
        #expect(noBackup.status == 1 || noBackup.status == 78)
        #expect(try await formation.run(["provision"]).status == 0)
        let none = try await formation.run(["backup-job", "--restore-to", "Nope"])
        #expect(none.status == 1)
        #expect(none.error.contains("backup-job: error: table TwelveFactorApp has no backup to restore"))

        let first = try await formation.run(["backup-job"])
        let arn = try #require(first.output.split(separator: " ").first { $0.hasPrefix("arn=") }?.dropFirst(4))
        let restored = try await formation.run(["backup-job", "--restore-to", "FromFirst", "--backup", String(arn)])
        #expect(restored.status == 0, "\(restored.error)")
        #expect(restored.output.contains("restored arn=\(arn) table=FromFirst status=ACTIVE"))

        let exists = try await formation.run(["backup-job", "--restore-to", "FromFirst", "--backup", String(arn)])
        #expect(exists.status == 1)
        #expect(exists.error.contains("TableExists"))

        let missing = try await formation.run(["backup-job", "--import", "nowhere.jsonl", "--to", "FromFirst"])
        #expect(missing.status == 1)
        #expect(missing.error.contains("cannot read nowhere.jsonl"))

        try formation.workspace.write("bad.jsonl", "{\"Item\":{\"Application\":{\"S\":\"x\"}}}\nnot json\n")
        let bad = try await formation.run(["backup-job", "--import", "bad.jsonl", "--to", "FromFirst"])
        #expect(bad.status == 1)
        #expect(bad.error.contains("bad.jsonl:2: not a DynamoDB JSON line"))

        let usage = try await formation.run(["backup-job", "--backup", "x"])
        #expect(usage.status == 64)
        #expect(usage.error.contains("--backup goes with --restore-to"))
    }

    static func allTypes(_ index: Int) -> Item {
        [
            "s": .s("héllo ✓ \(index) \"quoted\" \\ /"),
            "n": .n("12345678901234567890.12345678\(index)"),
            "b": .b(Data([0, 1, 2, 255, UInt8(index % 256)])),
            "bool": .bool(index.isMultiple(of: 2)),
            "null": .null,
            "m": .m(["inner": .s("x"), "deeper": .m(["n": .n("-0.5")])]),
            "l": .l([.s("a"), .n("2"), .bool(false), .null, .l([])]),
            "ss": .ss(["b", "a", "\(index)"]),
            "ns": .ns(["1", "2.5", "-3E+2"]),
            "bs": .bs([Data([1]), Data([2, 3])]),
        ]
    }
}
