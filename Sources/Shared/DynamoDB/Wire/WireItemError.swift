/// DynamoDB JSON that `WireItemParser` cannot read: what was wrong and the byte offset where.
public struct WireItemError: Error, Equatable, CustomStringConvertible {
    /// The offset of the offending byte in the input.
    public let offset: Int
    /// What was expected or found there.
    public let reason: String

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "invalid DynamoDB JSON at byte \(offset): \(reason)" }
}
