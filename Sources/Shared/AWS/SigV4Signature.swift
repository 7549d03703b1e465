/// The result of signing: the headers to add to the request, and the intermediate strings that
/// the AWS test suite checks.
public struct SigV4Signature: Sendable, Equatable {
    /// Headers to add to the request, in this order (`X-Amz-Date`, the token, the body hash,
    /// `Authorization`).
    public var headers: [SigV4Request.Header]
    /// The canonical request that was hashed.
    public var canonicalRequest: String
    /// The string that was signed.
    public var stringToSign: String
    /// The signature as lowercase hex.
    public var signature: String
}
