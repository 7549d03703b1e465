/// The result of presigning: query parameters to append to the request's query.
public struct SigV4PresignedQuery: Sendable, Equatable {
    /// The `X-Amz-*` parameters, decoded, in the order AWS SDKs add them.
    public var queryItems: [SigV4Request.QueryItem]
    /// The canonical request that was hashed.
    public var canonicalRequest: String
    /// The string that was signed.
    public var stringToSign: String
    /// The signature as lowercase hex.
    public var signature: String
}
