/// The parts of an HTTP request that SigV4 signs. A plain value: no I/O, no URL parsing rules
/// beyond what SigV4 needs.
public struct SigV4Request: Sendable, Equatable {
    /// The HTTP method, such as `GET` or `POST`.
    public var method: String
    /// The path exactly as it is sent in the request line, such as `/` or `/example%20space/`.
    /// Each segment is percent-encoded once more for the canonical request: the double encoding
    /// that every service but S3 expects (and botocore does).
    public var path: String
    /// The decoded query parameters, in any order.
    public var query: [QueryItem]
    /// The headers to sign, in request order; repeated names are kept.
    public var headers: [Header]
    /// The request body.
    public var body: [UInt8]

    /// One query parameter, decoded.
    public struct QueryItem: Sendable, Equatable {
        /// The decoded name.
        public var name: String
        /// The decoded value; empty when absent.
        public var value: String
        /// Creates a parameter.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// One header line.
    public struct Header: Sendable, Equatable {
        /// The name as sent; compared case-insensitively.
        public var name: String
        /// The value as sent; trimmed and whitespace-collapsed when canonicalised.
        public var value: String
        /// Creates a header.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Creates a request description.
    public init(method: String, path: String, query: [QueryItem] = [], headers: [Header], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }
}
