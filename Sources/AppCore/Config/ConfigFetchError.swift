/// The dynamic configuration could not be had: where it was read from and why, in one line
/// that is safe to show (no tokens, no credentials).
public struct ConfigFetchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where the document was read from (`file:config/app-config.json`).
    public let origin: String
    /// Why it failed.
    public let reason: String

    /// Creates an error.
    public init(origin: String, reason: String) {
        self.origin = origin
        self.reason = reason
    }

    /// `config source file:config/app-config.json: the document is not JSON`.
    public var description: String { "config source \(origin): \(reason)" }
}
