import AsyncHTTPClient
import Foundation
import Logging

/// A DynamoDB client speaking the JSON 1.0 protocol (`X-Amz-Target: DynamoDB_20120810.<Op>`),
/// signed with SigV4, with the SDKs' standard retries and a timeout per request. It borrows the
/// process's `HTTPClient`; see ``withAWSHTTPClient(_:)``.
public struct DynamoDBClient: Sendable {
    /// The request sender (signing, retries, timeouts).
    public let sender: AWSRequestSender
    let logger: Logger

    /// The JSON protocol's target prefix.
    public static let targetPrefix = "DynamoDB_20120810"

    /// Creates a client for `region`, at `endpoint` when overridden (such as moto or DynamoDB Local).
    public init(
        region: String,
        endpoint: String? = nil,
        credentials: any AWSCredentialsProvider,
        httpClient: HTTPClient,
        retry: RetryStrategy = .standard,
        timeout: Duration = .seconds(10),
        logger: Logger = Logger(label: "formation.dynamodb")
    ) throws(AWSError) {
        self.sender = AWSRequestSender(
            service: "dynamodb", region: region,
            endpoint: try AWSEndpoint.resolve(override: endpoint, service: "dynamodb", region: region), credentials: credentials,
            httpClient: httpClient, retry: retry, timeout: timeout, logger: logger
        )
        self.logger = logger
    }

    /// Sends one operation with an `Encodable` body and decodes the answer.
    public func call<Input: Encodable, Output: Decodable>(_ operation: String, _ input: Input, as output: Output.Type) async throws(AWSError) -> Output {
        let response = try await send(operation, input)
        do {
            return try JSONDecoder().decode(Output.self, from: Data(response.body))
        } catch {
            throw Self.undecodable(error, response, operation)
        }
    }

    /// The error for an answer that cannot be read as the operation's output.
    private static func undecodable(_ error: any Error, _ response: AWSRequestSender.Response, _ operation: String) -> AWSError {
        AWSError(code: .invalidResponse, message: "cannot decode the answer: \(error)", statusCode: response.status, service: "dynamodb", operation: operation)
    }

    /// Sends one operation with an `Encodable` body; the answer as it came.
    func send<Input: Encodable>(_ operation: String, _ input: Input) async throws(AWSError) -> AWSRequestSender.Response {
        let body: Data
        do {
            body = try JSONEncoder().encode(input)
        } catch {
            throw AWSError(code: .invalidRequest, message: "cannot encode the request: \(error)", service: "dynamodb", operation: operation)
        }
        return try await sender.send(
            operation: operation,
            method: "POST",
            path: "/",
            headers: [
                SigV4Request.Header(name: "Content-Type", value: "application/x-amz-json-1.0"),
                SigV4Request.Header(name: "X-Amz-Target", value: "\(Self.targetPrefix).\(operation)"),
            ],
            body: Array(body)
        )
    }

    // MARK: Items

    /// GetItem.
    public func getItem(_ input: GetItemInput) async throws(AWSError) -> GetItemOutput {
        try await call("GetItem", input, as: GetItemOutput.self)
    }

    /// GetItem by key: the item, or `nil`. The answer's `Item` is read by ``WireItemParser``
    /// straight from the bytes (the web app's `/hello` does this on every request).
    public func getItem(tableName: String, key: Item, consistentRead: Bool = false) async throws(AWSError) -> Item? {
        let response = try await send("GetItem", GetItemInput(tableName: tableName, key: key, consistentRead: consistentRead))
        do {
            return try WireItemParser.member("Item", from: response.body)
        } catch {
            throw Self.undecodable(error, response, "GetItem")
        }
    }

    /// PutItem.
    @discardableResult
    public func putItem(_ input: PutItemInput) async throws(AWSError) -> WriteItemOutput {
        try await call("PutItem", input, as: WriteItemOutput.self)
    }

    /// UpdateItem.
    @discardableResult
    public func updateItem(_ input: UpdateItemInput) async throws(AWSError) -> WriteItemOutput {
        try await call("UpdateItem", input, as: WriteItemOutput.self)
    }

    /// DeleteItem.
    @discardableResult
    public func deleteItem(_ input: DeleteItemInput) async throws(AWSError) -> WriteItemOutput {
        try await call("DeleteItem", input, as: WriteItemOutput.self)
    }

    // MARK: Reads

    /// One Query page.
    public func query(_ input: QueryInput) async throws(AWSError) -> ReadPage {
        try await call("Query", input, as: ReadPage.self)
    }

    /// All Query pages, fetched lazily as iterated.
    public func queryPages(_ input: QueryInput) -> ReadPages {
        ReadPages(input) { (request: QueryInput) async throws(AWSError) -> ReadPage in try await self.query(request) }
    }

    /// One Scan page.
    public func scan(_ input: ScanInput) async throws(AWSError) -> ReadPage {
        try await call("Scan", input, as: ReadPage.self)
    }

    /// All Scan pages, fetched lazily as iterated.
    public func scanPages(_ input: ScanInput) -> ReadPages {
        ReadPages(input) { (request: ScanInput) async throws(AWSError) -> ReadPage in try await self.scan(request) }
    }

    /// Scans `segments` segments at once, in a task group; `body` gets each page with its
    /// segment number as it arrives (possibly from several segments at a time). Returns when all
    /// segments are done; the first error cancels the others.
    public func parallelScan(
        _ input: ScanInput,
        segments: Int,
        body: @escaping @Sendable (_ page: ReadPage, _ segment: Int) async throws -> Void
    ) async throws {
        precondition(segments >= 1, "a parallel scan needs at least one segment")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for segment in 0..<segments {
                var request = input
                request.segment = segment
                request.totalSegments = segments
                group.addTask {
                    for try await page in self.scanPages(request) {
                        try await body(page, segment)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// All items of a parallel scan.
    public func parallelScanItems(_ input: ScanInput, segments: Int) async throws -> [Item] {
        let collector = ItemCollector()
        try await parallelScan(input, segments: segments) { page, _ in await collector.add(page.items) }
        return await collector.items
    }

    // MARK: Batch writes

    /// Writes `requests` to `tableName` in BatchWriteItem chunks of 25, resending
    /// `UnprocessedItems` with backoff (full jitter, the retry strategy's cap) until all are done
    /// or `maxRounds` rounds of one chunk have passed. Returns how many resends were needed.
    @discardableResult
    public func batchWrite(tableName: String, _ requests: [WriteRequest], maxRounds: Int = 100) async throws(AWSError) -> Int {
        var resends = 0
        var start = 0
        while start < requests.count {
            let end = min(start + 25, requests.count)
            var pending = Array(requests[start..<end])
            var round = 0
            while !pending.isEmpty {
                round += 1
                let output = try await call("BatchWriteItem", BatchWriteItemInput(requestItems: [tableName: pending]), as: BatchWriteItemOutput.self)
                pending = output.unprocessedItems?[tableName] ?? []
                guard !pending.isEmpty else { break }
                resends += 1
                guard round < maxRounds else {
                    throw AWSError(code: .provisionedThroughputExceeded,
                                   message: "\(pending.count) writes still unprocessed after \(round) rounds",
                                   service: "dynamodb", operation: "BatchWriteItem", attempts: round)
                }
                logger.debug("resending unprocessed writes", metadata: ["count": "\(pending.count)", "round": "\(round)"])
                do {
                    try await Task.sleep(for: sender.retry.backoff(afterAttempt: round))
                } catch {
                    throw AWSError(code: .timeout, message: "cancelled while resending unprocessed writes", service: "dynamodb", operation: "BatchWriteItem")
                }
            }
            start = end
        }
        return resends
    }

    // MARK: Tables

    /// CreateTable.
    public func createTable(_ input: CreateTableInput) async throws(AWSError) -> TableDescription {
        try await tableDescription("CreateTable", input)
    }

    /// DescribeTable.
    public func describeTable(_ tableName: String) async throws(AWSError) -> TableDescription {
        try await tableDescription("DescribeTable", TableNameInput(tableName: tableName))
    }

    /// DeleteTable.
    @discardableResult
    public func deleteTable(_ tableName: String) async throws(AWSError) -> TableDescription {
        try await tableDescription("DeleteTable", TableNameInput(tableName: tableName))
    }

    /// Polls DescribeTable until the table is `ACTIVE` or `timeout` passes.
    public func waitUntilActive(_ tableName: String, timeout: Duration = .seconds(120), poll: Duration = .seconds(1)) async throws(AWSError) {
        let deadline = ContinuousClock.now + timeout
        while true {
            if try await describeTable(tableName).tableStatus == "ACTIVE" { return }
            guard ContinuousClock.now + poll < deadline else {
                throw AWSError(code: .timeout, message: "table \(tableName) not ACTIVE after \(timeout)", service: "dynamodb", operation: "DescribeTable")
            }
            do { try await Task.sleep(for: poll) } catch {
                throw AWSError(code: .timeout, message: "cancelled", service: "dynamodb", operation: "DescribeTable")
            }
        }
    }

    private func tableDescription<Input: Encodable>(_ operation: String, _ input: Input) async throws(AWSError) -> TableDescription {
        let output = try await call(operation, input, as: TableDescriptionOutput.self)
        guard let description = output.tableDescription ?? output.table else {
            throw AWSError(code: .invalidResponse, message: "no table description in the answer", service: "dynamodb", operation: operation)
        }
        return description
    }

    // MARK: Backups

    /// CreateBackup.
    public func createBackup(tableName: String, backupName: String) async throws(AWSError) -> BackupDetails {
        try await call("CreateBackup", CreateBackupInput(tableName: tableName, backupName: backupName), as: CreateBackupOutput.self).backupDetails
    }

    /// DescribeBackup.
    public func describeBackup(backupArn: String) async throws(AWSError) -> BackupDetails {
        try await call("DescribeBackup", BackupArnInput(backupArn: backupArn), as: DescribeBackupOutput.self).backupDescription.backupDetails
    }

    /// ListBackups, following `LastEvaluatedBackupArn` through all pages.
    public func listBackups(tableName: String? = nil, pageSize: Int? = nil) async throws(AWSError) -> [BackupSummary] {
        var summaries: [BackupSummary] = []
        var start: String?
        repeat {
            let page = try await call("ListBackups", ListBackupsInput(tableName: tableName, limit: pageSize, exclusiveStartBackupArn: start), as: ListBackupsOutput.self)
            summaries.append(contentsOf: page.backupSummaries ?? [])
            start = page.lastEvaluatedBackupArn
        } while start != nil
        return summaries
    }

    /// RestoreTableFromBackup into a new table.
    public func restoreTableFromBackup(targetTableName: String, backupArn: String) async throws(AWSError) -> TableDescription {
        try await tableDescription("RestoreTableFromBackup", RestoreTableFromBackupInput(targetTableName: targetTableName, backupArn: backupArn))
    }
}
