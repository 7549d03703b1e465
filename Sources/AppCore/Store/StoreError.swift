/// A store operation that failed, with the store, the operation and where it was raised.
/// `description` is one line; ``publicReason`` is the part safe to show to an HTTP client
/// (never a credential, a path or a stack trace).
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What went wrong. A struct with static members, so new codes do not break callers.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The code's name.
        public let name: String
        /// Creates a code.
        public init(_ name: String) { self.name = name }
        /// The name.
        public var description: String { name }

        /// The table does not exist.
        public static let tableNotFound = Code("TableNotFound")
        /// A table of that name exists already.
        public static let tableExists = Code("TableExists")
        /// The backup does not exist.
        public static let backupNotFound = Code("BackupNotFound")
        /// The request is invalid (a missing or mistyped key attribute, a bad argument).
        public static let validation = Code("Validation")
        /// The store cannot be reached or does not answer in time: retry later.
        public static let unavailable = Code("Unavailable")
        /// The store is throttling its callers (DynamoDB's ThrottlingException or
        /// ProvisionedThroughputExceededException after the retries): retry later.
        public static let throttled = Code("Throttled")
        /// The store answered with an error or something unreadable.
        public static let failed = Code("Failed")
    }

    /// What went wrong.
    public let code: Code
    /// Details for the log.
    public let message: String
    /// `sqlite` or `dynamodb`.
    public let store: String
    /// The operation, such as `GetItem`.
    public let operation: String
    /// Where the error was raised.
    public let fileID: String
    /// The line it was raised at.
    public let line: Int

    /// Creates an error; prefer the factories.
    public init(code: Code, message: String, store: String, operation: String, fileID: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.store = store
        self.operation = operation
        self.fileID = fileID
        self.line = line
    }

    /// `sqlite GetItem: TableNotFound: table "x" does not exist`.
    public var description: String {
        "\(store) \(operation): \(code): \(message)"
    }

    /// A one-line reason that is safe for a response body: the store, the operation and the code.
    public var publicReason: String {
        "\(store) \(operation) failed: \(code)"
    }

    /// The table does not exist.
    public static func tableNotFound(_ table: String, store: String, operation: String, fileID: String = #fileID, line: Int = #line) -> StoreError {
        StoreError(code: .tableNotFound, message: "table \"\(table)\" does not exist", store: store, operation: operation, fileID: fileID, line: line)
    }

    /// The table exists already.
    public static func tableExists(_ table: String, store: String, operation: String, fileID: String = #fileID, line: Int = #line) -> StoreError {
        StoreError(code: .tableExists, message: "table \"\(table)\" exists already", store: store, operation: operation, fileID: fileID, line: line)
    }

    /// The backup does not exist.
    public static func backupNotFound(_ id: String, store: String, operation: String, fileID: String = #fileID, line: Int = #line) -> StoreError {
        StoreError(code: .backupNotFound, message: "backup \"\(id)\" does not exist", store: store, operation: operation, fileID: fileID, line: line)
    }

    /// The request is invalid.
    public static func validation(_ message: String, store: String, operation: String, fileID: String = #fileID, line: Int = #line) -> StoreError {
        StoreError(code: .validation, message: message, store: store, operation: operation, fileID: fileID, line: line)
    }
}
