/// An error from an AWS service call: either the service's own (`__type` and `message`) or a
/// transport failure. It never carries credentials or request bodies.
public struct AWSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The error code: the service's `__type` without its namespace, or a transport code.
    public struct Code: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
        /// The code's name, such as `ResourceNotFoundException`.
        public let name: String

        /// Creates a code from a name.
        public init(_ name: String) { self.name = name }
        /// Creates a code from a literal.
        public init(stringLiteral value: String) { self.name = value }
        /// The name.
        public var description: String { name }

        // DynamoDB's documented errors.
        /// The table, index or backup does not exist.
        public static let resourceNotFound: Code = "ResourceNotFoundException"
        /// The table is being created, updated or deleted, or already exists.
        public static let resourceInUse: Code = "ResourceInUseException"
        /// A `ConditionExpression` evaluated to false.
        public static let conditionalCheckFailed: Code = "ConditionalCheckFailedException"
        /// The request is malformed.
        public static let validation: Code = "ValidationException"
        /// The table's provisioned throughput is exceeded.
        public static let provisionedThroughputExceeded: Code = "ProvisionedThroughputExceededException"
        /// The account's request rate is exceeded.
        public static let requestLimitExceeded: Code = "RequestLimitExceeded"
        /// Generic throttling.
        public static let throttling: Code = "ThrottlingException"
        /// Too many operations on tables or backups at once.
        public static let limitExceeded: Code = "LimitExceededException"
        /// The backup does not exist.
        public static let backupNotFound: Code = "BackupNotFoundException"
        /// A backup is already being created.
        public static let backupInUse: Code = "BackupInUseException"
        /// The restore target table already exists.
        public static let tableAlreadyExists: Code = "TableAlreadyExistsException"
        /// The table does not exist (backup operations).
        public static let tableNotFound: Code = "TableNotFoundException"
        /// Point-in-time recovery is off.
        public static let continuousBackupsUnavailable: Code = "ContinuousBackupsUnavailableException"
        /// An item collection is too large.
        public static let itemCollectionSizeLimitExceeded: Code = "ItemCollectionSizeLimitExceededException"
        /// A transaction conflicts with another.
        public static let transactionConflict: Code = "TransactionConflictException"
        /// An internal server error.
        public static let internalServerError: Code = "InternalServerError"
        /// The signature does not match the request (a wrong secret).
        public static let signatureDoesNotMatch: Code = "SignatureDoesNotMatch"
        /// The access key id is unknown.
        public static let unrecognizedClient: Code = "UnrecognizedClientException"
        /// The request is not authorised.
        public static let accessDenied: Code = "AccessDeniedException"
        /// AppConfig: a parameter is wrong (an expired or reused token among others).
        public static let badRequest: Code = "BadRequestException"

        // Transport codes (no HTTP answer, or an unusable one).
        /// No answer within the request timeout.
        public static let timeout: Code = "Timeout"
        /// The connection could not be made or broke.
        public static let connectionFailed: Code = "ConnectionFailed"
        /// The answer could not be understood.
        public static let invalidResponse: Code = "InvalidResponse"
        /// The request could not be encoded.
        public static let invalidRequest: Code = "InvalidRequest"
        /// Credentials could not be had.
        public static let credentialsUnavailable: Code = "CredentialsUnavailable"
    }

    /// The error code.
    public let code: Code
    /// The service's message, or an explanation of the transport failure.
    public let message: String
    /// The HTTP status, when there was an answer.
    public let statusCode: Int?
    /// The service (`dynamodb`, `appconfigdata`).
    public let service: String
    /// The operation (`GetItem`).
    public let operation: String
    /// The request id from `x-amzn-RequestId`, when given.
    public let requestID: String?
    /// How many attempts were made.
    public let attempts: Int

    /// Creates an error.
    public init(code: Code, message: String, statusCode: Int? = nil, service: String, operation: String, requestID: String? = nil, attempts: Int = 1) {
        self.code = code
        self.message = message
        self.statusCode = statusCode
        self.service = service
        self.operation = operation
        self.requestID = requestID
        self.attempts = attempts
    }

    /// This error with the attempt count set.
    func withAttempts(_ attempts: Int) -> AWSError {
        AWSError(code: code, message: message, statusCode: statusCode, service: service, operation: operation, requestID: requestID, attempts: attempts)
    }

    /// One line: `dynamodb GetItem: ResourceNotFoundException (HTTP 400): message [request id, attempts]`.
    public var description: String {
        var text = "\(service) \(operation): \(code)"
        if let statusCode { text += " (HTTP \(statusCode))" }
        if !message.isEmpty { text += ": \(message)" }
        var notes: [String] = []
        if let requestID { notes.append("request id \(requestID)") }
        if attempts > 1 { notes.append("\(attempts) attempts") }
        if !notes.isEmpty { text += " [\(notes.joined(separator: ", "))]" }
        return text
    }
}
