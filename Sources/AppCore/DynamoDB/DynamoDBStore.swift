import Foundation
import Shared

/// The ``ItemStore`` on DynamoDB (`STORE_URL=dynamodb:`): an adapter over Shared's
/// `DynamoDBClient`, which it borrows (the caller owns the HTTP client underneath).
public struct DynamoDBStore: ItemStore {
    /// `dynamodb`.
    public let kind = "dynamodb"
    /// The client.
    public let client: DynamoDBClient
    /// How often to poll while waiting for a table or a backup.
    public var pollInterval: Duration
    /// How long to wait for a table to become active or a backup available.
    public var waitTimeout: Duration

    /// Wraps a client.
    public init(client: DynamoDBClient, pollInterval: Duration = .milliseconds(500), waitTimeout: Duration = .seconds(600)) {
        self.client = client
        self.pollInterval = pollInterval
        self.waitTimeout = waitTimeout
    }

    public func close() async {}

    public func createTable(_ schema: TableSchema) async throws(StoreError) {
        let input = CreateTableInput(
            tableName: schema.name,
            keySchema: [KeySchemaElement(schema.partitionKey.name, .hash)] + (schema.sortKey.map { [KeySchemaElement($0.name, .range)] } ?? []),
            attributeDefinitions: schema.keyAttributes.map { AttributeDefinition($0.name, $0.type) })
        try await mapping("CreateTable") { () async throws(AWSError) in
            _ = try await client.createTable(input)
            try await client.waitUntilActive(schema.name, timeout: waitTimeout, poll: pollInterval)
        }
    }

    public func describeTable(_ name: String) async throws(StoreError) -> TableInfo? {
        do {
            let description = try await client.describeTable(name)
            return try Self.tableInfo(description, fallbackName: name)
        } catch let error as AWSError where error.code == .resourceNotFound {
            return nil
        } catch let error as AWSError {
            throw Self.map(error, operation: "DescribeTable")
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(code: .failed, message: "\(error)", store: kind, operation: "DescribeTable")
        }
    }

    public func getItem(table: String, key: Item) async throws(StoreError) -> Item? {
        try await mapping("GetItem") { () async throws(AWSError) in try await client.getItem(tableName: table, key: key) }
    }

    public func putItem(table: String, item: Item) async throws(StoreError) {
        try await mapping("PutItem") { () async throws(AWSError) in _ = try await client.putItem(PutItemInput(tableName: table, item: item)) }
    }

    public func putItems(table: String, items: [Item]) async throws(StoreError) {
        try await mapping("BatchWriteItem") { () async throws(AWSError) in _ = try await client.batchWrite(tableName: table, items.map { .put($0) }) }
    }

    public func scan(table: String, segment: Int, totalSegments: Int, startKey: Item?, limit: Int) async throws(StoreError) -> ItemPage {
        let parallel = totalSegments > 1
        let input = ScanInput(tableName: table, limit: limit, exclusiveStartKey: startKey,
                              segment: parallel ? segment : nil, totalSegments: parallel ? totalSegments : nil)
        let page = try await mapping("Scan") { () async throws(AWSError) in try await client.scan(input) }
        return ItemPage(items: page.items, lastEvaluatedKey: page.lastEvaluatedKey)
    }

    public func createBackup(table: String, name: String) async throws(StoreError) -> BackupRecord {
        try await mapping("CreateBackup") { () async throws(AWSError) in
            var details = try await client.createBackup(tableName: table, backupName: name)
            let deadline = ContinuousClock.now + waitTimeout
            while details.backupStatus != "AVAILABLE" {
                guard ContinuousClock.now < deadline else {
                    throw AWSError(code: .timeout, message: "backup \(details.backupArn) not AVAILABLE after \(waitTimeout)", service: "dynamodb", operation: "DescribeBackup")
                }
                do { try await Task.sleep(for: pollInterval) } catch {
                    throw AWSError(code: .timeout, message: "cancelled while waiting for the backup", service: "dynamodb", operation: "DescribeBackup")
                }
                details = try await client.describeBackup(backupArn: details.backupArn)
            }
            return BackupRecord(
                id: details.backupArn, name: details.backupName, tableName: table, status: details.backupStatus ?? "AVAILABLE",
                createdAt: details.backupCreationDateTime.map(Date.init(timeIntervalSince1970:)) ?? Date())
        }
    }

    public func listBackups(table: String?) async throws(StoreError) -> [BackupRecord] {
        let summaries = try await mapping("ListBackups") { () async throws(AWSError) in try await client.listBackups(tableName: table) }
        return summaries.map { summary in
            BackupRecord(
                id: summary.backupArn, name: summary.backupName ?? "", tableName: summary.tableName ?? table ?? "",
                status: summary.backupStatus ?? "", createdAt: Date(timeIntervalSince1970: summary.backupCreationDateTime ?? 0),
                itemCount: nil)
        }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    public func restoreBackup(id: String, to target: String) async throws(StoreError) -> TableInfo {
        let description = try await mapping("RestoreTableFromBackup") { () async throws(AWSError) in
            _ = try await client.restoreTableFromBackup(targetTableName: target, backupArn: id)
            try await client.waitUntilActive(target, timeout: waitTimeout, poll: pollInterval)
            return try await client.describeTable(target)
        }
        return try Self.tableInfo(description, fallbackName: target)
    }

    // MARK: Mapping

    private func mapping<T>(_ operation: String, _ body: () async throws(AWSError) -> T) async throws(StoreError) -> T {
        do {
            return try await body()
        } catch {
            throw Self.map(error, operation: operation)
        }
    }

    /// Maps DynamoDB's error codes onto the store's.
    static func map(_ error: AWSError, operation: String) -> StoreError {
        let code: StoreError.Code
        switch error.code {
        case .resourceNotFound, .tableNotFound:
            code = operation == "RestoreTableFromBackup" && error.code == .resourceNotFound ? .backupNotFound : .tableNotFound
        case .backupNotFound: code = .backupNotFound
        case .resourceInUse, .tableAlreadyExists: code = .tableExists
        case .validation: code = .validation
        case .throttling, .provisionedThroughputExceeded, .requestLimitExceeded:
            code = .throttled
        case .timeout, .connectionFailed, .internalServerError, .credentialsUnavailable, .limitExceeded:
            code = .unavailable
        default:
            code = (error.statusCode ?? 0) >= 500 ? .unavailable : .failed
        }
        return StoreError(code: code, message: error.description, store: "dynamodb", operation: operation)
    }

    static func tableInfo(_ description: TableDescription, fallbackName: String) throws(StoreError) -> TableInfo {
        let definitions = Dictionary((description.attributeDefinitions ?? []).map { ($0.attributeName, $0.attributeType) }, uniquingKeysWith: { first, _ in first })
        let elements = description.keySchema ?? []
        func attribute(_ type: KeySchemaElement.KeyType) -> KeyAttribute? {
            guard let element = elements.first(where: { $0.keyType == type }), let scalar = definitions[element.attributeName] else { return nil }
            return KeyAttribute(element.attributeName, scalar)
        }
        guard let partition = attribute(.hash) else {
            throw StoreError(code: .failed, message: "DescribeTable gave no partition key for \(fallbackName)", store: "dynamodb", operation: "DescribeTable")
        }
        return TableInfo(
            schema: TableSchema(name: description.tableName ?? fallbackName, partitionKey: partition, sortKey: attribute(.range)),
            status: description.tableStatus ?? "ACTIVE",
            itemCount: description.itemCount)
    }
}
