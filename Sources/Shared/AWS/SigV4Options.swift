/// How a request is signed. A struct of options so that new ones do not break callers.
public struct SigV4Options: Sendable, Equatable {
    /// Removes `.`/`..` segments and repeated slashes from the path before signing (every service
    /// but S3).
    public var normalizePath: Bool
    /// Adds and signs an `x-amz-content-sha256` header with the body's hash.
    public var signBodyHashHeader: Bool
    /// Adds `X-Amz-Security-Token` after signing instead of signing it (a few services want this).
    public var omitSessionTokenFromSignature: Bool

    /// Creates options; the defaults suit DynamoDB and most JSON services.
    public init(normalizePath: Bool = true, signBodyHashHeader: Bool = false, omitSessionTokenFromSignature: Bool = false) {
        self.normalizePath = normalizePath
        self.signBodyHashHeader = signBodyHashHeader
        self.omitSessionTokenFromSignature = omitSessionTokenFromSignature
    }
}
