import AppTestSupport
import AsyncHTTPClient
import Foundation
import Shared
import Testing

/// The DynamoDB client against moto's server, started by each test on 127.0.0.1 and stopped after.
@Suite("DynamoDB client against moto")
struct DynamoDBMotoTests {
    @Test("CreateTable, DescribeTable, DeleteTable, and the errors around them")
    func tableLifecycle() async throws {
        try await Moto.withServer { client, _ in
            let thingsTable = Moto.uniqueName("things")
            try await Moto.createTable(client, thingsTable)
            let description = try await client.describeTable(thingsTable)
            #expect(description.tableName == thingsTable)
            #expect(description.tableStatus == "ACTIVE")
            #expect(description.keySchema == [KeySchemaElement("pk", .hash), KeySchemaElement("sk", .range)])

            let duplicate = await #expect(throws: AWSError.self) { try await Moto.createTable(client, thingsTable) }
            #expect(duplicate?.code == .resourceInUse)
            #expect(duplicate?.statusCode == 400)

            let deleted = try await client.deleteTable(thingsTable)
            #expect(deleted.tableName == thingsTable)
            let missing = await #expect(throws: AWSError.self) { _ = try await client.describeTable(thingsTable) }
            #expect(missing?.code == .resourceNotFound)
            #expect(missing?.operation == "DescribeTable")
            #expect(missing?.description.contains("ResourceNotFoundException") == true)
        }
    }

    @Test("all ten attribute types survive PutItem and GetItem exactly")
    func allAttributeTypes() async throws {
        try await Moto.withServer { client, _ in
            let typesTable = Moto.uniqueName("types")
            try await Moto.createTable(client, typesTable)
            var item = allTypesItem(key: "all-types")
            item["sk"] = .n("1")
            try await client.putItem(PutItemInput(tableName: typesTable, item: item))
            let read = try await client.getItem(tableName: typesTable, key: ["pk": "all-types", "sk": 1], consistentRead: true)
            let got = try #require(read)
            #expect(got["n"] == .n("12345678901234567890.123456789"))
            #expect(got["b"] == .b(Data([0, 1, 2, 255])))
            #expect(got["m"] == item["m"])
            #expect(got["l"] == item["l"])
            #expect(got["null"] == .null)
            #expect(Set(got["ss"]?.setMembers ?? []) == ["a", "b"])
            #expect(Set(got["ns"]?.setMembers ?? []) == ["1", "2.5"])
            let blobs: Set<Data> = if case .bs(let values)? = got["bs"] { Set(values) } else { [] }
            #expect(blobs == [Data([1]), Data([2, 3])])
            #expect(got["bool"] == .bool(true))
            #expect(got["s"] == item["s"])
            let absent = try await client.getItem(tableName: typesTable, key: ["pk": "nope", "sk": 1])
            #expect(absent == nil)
        }
    }

    @Test("UpdateItem, DeleteItem, ReturnValues, and ConditionalCheckFailed / Validation errors")
    func writes() async throws {
        try await Moto.withServer { client, _ in
            let writesTable = Moto.uniqueName("writes")
            try await Moto.createTable(client, writesTable)
            let key: Item = ["pk": "counter", "sk": 0]
            try await client.putItem(PutItemInput(tableName: writesTable, item: key.merging(["hits": 1]) { a, _ in a }))
            let updated = try await client.updateItem(UpdateItemInput(
                tableName: writesTable, key: key,
                updateExpression: "SET hits = hits + :one, #l = :label",
                expressionAttributeNames: ["#l": "label"],
                expressionAttributeValues: [":one": 1, ":label": "hot"],
                returnValues: .allNew
            ))
            #expect(updated.attributes?["hits"] == .n("2"))
            #expect(updated.attributes?["label"] == .s("hot"))

            let conditional = await #expect(throws: AWSError.self) {
                try await client.putItem(PutItemInput(tableName: writesTable, item: key, conditionExpression: "attribute_not_exists(pk)"))
            }
            #expect(conditional?.code == .conditionalCheckFailed)
            #expect(conditional?.attempts == 1, "a failed condition is not retried")

            let invalid = await #expect(throws: AWSError.self) {
                _ = try await client.getItem(tableName: writesTable, key: ["pk": "only-half-the-key"])
            }
            #expect(invalid?.code == .validation)

            let deleted = try await client.deleteItem(DeleteItemInput(tableName: writesTable, key: key, returnValues: .allOld))
            #expect(deleted.attributes?["hits"] == .n("2"))
            #expect(try await client.getItem(tableName: writesTable, key: key) == nil)

            let missingTable = await #expect(throws: AWSError.self) {
                try await client.putItem(PutItemInput(tableName: "no-such-table", item: key))
            }
            #expect(missingTable?.code == .resourceNotFound)
        }
    }

    @Test("Query and Scan page through more than 1 MB with LastEvaluatedKey; parallel Scan covers every item once")
    func paginationAndParallelScan() async throws {
        try await Moto.withServer { client, _ in
            let bigTable = Moto.uniqueName("big")
            try await Moto.createTable(client, bigTable)
            let padding = String(repeating: "x", count: 8_000)
            let writes = (0..<300).map { index in
                WriteRequest.put(["pk": .s(index < 200 ? "hot" : "cold"), "sk": .n(index), "pad": .s(padding)])
            }
            try await client.batchWrite(tableName: bigTable, writes)   // 2.4 MB in 12 chunks

            var pages = 0
            var keys: [Int] = []
            for try await page in client.queryPages(QueryInput(
                tableName: bigTable, keyConditionExpression: "pk = :p", expressionAttributeValues: [":p": "hot"]
            )) {
                pages += 1
                keys += page.items.compactMap { $0["sk"]?.numberText.flatMap(Int.init) }
            }
            #expect(pages >= 2, "1.6 MB of hot items need at least two 1 MB pages")
            #expect(keys == Array(0..<200), "in sort key order, each once")

            var scanPages = 0
            var scanned = 0
            for try await page in client.scanPages(ScanInput(tableName: bigTable, projectionExpression: "pk, sk")) {
                scanPages += 1
                scanned += page.items.count
            }
            #expect(scanned == 300)

            var limited = 0
            for try await _ in client.scanPages(ScanInput(tableName: bigTable, limit: 50)) { limited += 1 }
            #expect(limited >= 6)

            let parallel = try await client.parallelScanItems(ScanInput(tableName: bigTable, projectionExpression: "pk, sk"), segments: 4)
            let parallelKeys = parallel.map { "\($0["pk"]?.stringValue ?? "")/\($0["sk"]?.numberText ?? "")" }
            #expect(parallel.count == 300)
            #expect(Set(parallelKeys).count == 300)
            _ = scanPages
        }
    }

    @Test("BatchWriteItem chunks puts and deletes by 25")
    func batchWriteChunks() async throws {
        try await Moto.withServer { client, _ in
            let batchTable = Moto.uniqueName("batch")
            try await Moto.createTable(client, batchTable)
            let puts = (0..<60).map { WriteRequest.put(["pk": "p", "sk": .n($0)]) }
            let resends = try await client.batchWrite(tableName: batchTable, puts)
            #expect(resends == 0)
            #expect(try await client.scanPages(ScanInput(tableName: batchTable)).allItems().count == 60)
            let deletes = (0..<30).map { WriteRequest.delete(key: ["pk": "p", "sk": .n($0)]) }
            try await client.batchWrite(tableName: batchTable, deletes)
            #expect(try await client.scanPages(ScanInput(tableName: batchTable)).allItems().count == 30)
        }
    }

    @Test("CreateBackup, DescribeBackup, ListBackups, RestoreTableFromBackup, and the backup errors")
    func backupsAndRestore() async throws {
        try await Moto.withServer { client, _ in
            let sourceTable = Moto.uniqueName("source")
            let restoredTable = Moto.uniqueName("restored")
            try await Moto.createTable(client, sourceTable)
            try await client.batchWrite(tableName: sourceTable, (0..<10).map { WriteRequest.put(["pk": "b", "sk": .n($0), "v": .s("value \($0)")]) })
            let backup = try await client.createBackup(tableName: sourceTable, backupName: "nightly")
            #expect(backup.backupName == "nightly")
            let described = try await client.describeBackup(backupArn: backup.backupArn)
            #expect(described.backupArn == backup.backupArn)
            let listed = try await client.listBackups(tableName: sourceTable)
            #expect(listed.map(\.backupArn) == [backup.backupArn])

            let restored = try await client.restoreTableFromBackup(targetTableName: restoredTable, backupArn: backup.backupArn)
            #expect(restored.tableName == restoredTable)
            try await client.waitUntilActive(restoredTable, poll: .milliseconds(100))
            let items = try await client.scanPages(ScanInput(tableName: restoredTable)).allItems()
            #expect(items.count == 10)
            #expect(items.contains { $0["v"] == .s("value 7") })

            let existing = await #expect(throws: AWSError.self) {
                _ = try await client.restoreTableFromBackup(targetTableName: sourceTable, backupArn: backup.backupArn)
            }
            #expect(existing?.code == .tableAlreadyExists)
            let missingBackup = await #expect(throws: AWSError.self) {
                _ = try await client.describeBackup(backupArn: backup.backupArn + "-missing")
            }
            #expect(missingBackup?.code == .backupNotFound)
            let missingTable = await #expect(throws: AWSError.self) {
                _ = try await client.createBackup(tableName: "no-such-table", backupName: "x")
            }
            #expect(missingTable?.code == .tableNotFound)
        }
    }

    @Test("withAWSHTTPClient owns one HTTP client for its scope and shuts it down afterwards")
    func httpClientScope() async throws {
        try await Moto.withServer { _, peer in
            let table = Moto.uniqueName("scoped")
            let escaped = try await withAWSHTTPClient { http in
                let client = try DynamoDBClient(region: "us-east-1", endpoint: peer.endpoint,
                                                credentials: StaticCredentialsProvider(MotoServer.credentials), httpClient: http, retry: MotoServer.fastRetry)
                try await Moto.createTable(client, table)
                return http
            }
            let afterShutdown = try DynamoDBClient(region: "us-east-1", endpoint: peer.endpoint,
                                                   credentials: StaticCredentialsProvider(MotoServer.credentials), httpClient: escaped, retry: MotoServer.fastRetry)
            let error = await #expect(throws: AWSError.self) { _ = try await afterShutdown.describeTable(table) }
            #expect(error?.code == .connectionFailed)
        }
    }

    struct Profile: Codable, Equatable {
        var pk: String
        var sk: Int
        var name: String
        var balance: Decimal
        var tags: Set<String>
        var avatar: Data
        var joined: Date
        var nickname: String?
        var scores: [Double]
        var address: [String: String]
    }

    @Test("Codable values round-trip through moto")
    func codableRoundTrip() async throws {
        try await Moto.withServer { client, _ in
            let profilesTable = Moto.uniqueName("profiles")
            try await Moto.createTable(client, profilesTable)
            let profile = Profile(pk: "user#1", sk: 7, name: "Ada", balance: Decimal(string: "1234.5678")!, tags: ["admin", "ops"],
                                  avatar: Data([9, 8, 7]), joined: Date(timeIntervalSince1970: 1_700_000_000.25),
                                  nickname: nil, scores: [1.5, -2], address: ["city": "Paris"])
            try await client.putItem(PutItemInput(tableName: profilesTable, item: try ItemEncoder().encode(profile)))
            let item = try #require(try await client.getItem(tableName: profilesTable, key: ["pk": "user#1", "sk": 7]))
            #expect(item["balance"] == .n("1234.5678"))
            #expect(item["tags"]?.setMembers.sorted() == ["admin", "ops"])
            let decoded = try ItemDecoder().decode(Profile.self, from: item)
            #expect(decoded == profile)
        }
    }
}

extension AttributeValue {
    /// The members of an SS or NS set, as text.
    var setMembers: [String] {
        switch self {
        case .ss(let values), .ns(let values): values
        default: []
        }
    }
}
