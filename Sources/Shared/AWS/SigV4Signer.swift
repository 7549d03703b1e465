import Crypto
import Foundation

/// AWS Signature Version 4, as a pure function of the request parts, the credentials and the
/// time. It does no I/O and keeps no state, so one value can be shared freely.
public struct SigV4Signer: Sendable {
    /// The region in the credential scope, such as `us-east-1`.
    public let region: String
    /// The signing name of the service, such as `dynamodb`.
    public let service: String

    /// The algorithm name written into the `Authorization` header.
    public static let algorithm = "AWS4-HMAC-SHA256"

    /// Creates a signer for one region and service.
    public init(region: String, service: String) {
        self.region = region
        self.service = service
    }

    /// Signs `request` with headers: returns `X-Amz-Date`, `X-Amz-Security-Token` (with temporary
    /// credentials), `x-amz-content-sha256` (if asked) and `Authorization`.
    public func sign(
        _ request: SigV4Request,
        credentials: AWSCredentials,
        date: Date,
        options: SigV4Options = SigV4Options(),
        keyCache: SigV4SigningKeyCache? = nil
    ) -> SigV4Signature {
        let timestamp = AWSTimestamp(date)
        let payloadHash = Self.sha256Hex(request.body)
        var headers = request.headers
        var added: [SigV4Request.Header] = [SigV4Request.Header(name: "X-Amz-Date", value: timestamp.amzDate)]
        if let token = credentials.sessionToken, !options.omitSessionTokenFromSignature {
            added.append(SigV4Request.Header(name: "X-Amz-Security-Token", value: token))
        }
        if options.signBodyHashHeader {
            added.append(SigV4Request.Header(name: "x-amz-content-sha256", value: payloadHash))
        }
        headers.append(contentsOf: added)

        let (canonicalHeaders, signedHeaders) = Self.canonicalHeaders(headers)
        let canonicalRequest = [
            request.method,
            Self.canonicalURI(request.path, normalize: options.normalizePath),
            Self.canonicalQuery(request.query),
            canonicalHeaders,
            signedHeaders,
            payloadHash,
        ].joined(separator: "\n")
        let scope = "\(timestamp.dateStamp)/\(region)/\(service)/aws4_request"
        let stringToSign = "\(Self.algorithm)\n\(timestamp.amzDate)\n\(scope)\n\(Self.sha256Hex(Array(canonicalRequest.utf8)))"
        let key: SigV4SigningKey
        if let keyCache {
            key = keyCache.key(for: credentials, dateStamp: timestamp.dateStamp) { signingKey(credentials: credentials, dateStamp: timestamp.dateStamp) }
        } else {
            key = signingKey(credentials: credentials, dateStamp: timestamp.dateStamp)
        }
        let signature = Hex.encode(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key.key))

        if let token = credentials.sessionToken, options.omitSessionTokenFromSignature {
            added.append(SigV4Request.Header(name: "X-Amz-Security-Token", value: token))
        }
        added.append(SigV4Request.Header(
            name: "Authorization",
            value: "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
        ))
        return SigV4Signature(headers: added, canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature)
    }

    /// Presigns `request` for the query string, valid for `expires` seconds: returns the
    /// `X-Amz-*` parameters to append. The request's headers are signed (send them with it); the
    /// payload is signed as its hash.
    public func presign(
        _ request: SigV4Request,
        credentials: AWSCredentials,
        date: Date,
        expires: Int,
        options: SigV4Options = SigV4Options()
    ) -> SigV4PresignedQuery {
        let timestamp = AWSTimestamp(date)
        let scope = "\(timestamp.dateStamp)/\(region)/\(service)/aws4_request"
        let (canonicalHeaders, signedHeaders) = Self.canonicalHeaders(request.headers)
        var added = [
            SigV4Request.QueryItem(name: "X-Amz-Algorithm", value: Self.algorithm),
            SigV4Request.QueryItem(name: "X-Amz-Credential", value: "\(credentials.accessKeyID)/\(scope)"),
            SigV4Request.QueryItem(name: "X-Amz-Date", value: timestamp.amzDate),
            SigV4Request.QueryItem(name: "X-Amz-SignedHeaders", value: signedHeaders),
            SigV4Request.QueryItem(name: "X-Amz-Expires", value: String(expires)),
        ]
        if let token = credentials.sessionToken, !options.omitSessionTokenFromSignature {
            added.append(SigV4Request.QueryItem(name: "X-Amz-Security-Token", value: token))
        }
        let canonicalRequest = [
            request.method,
            Self.canonicalURI(request.path, normalize: options.normalizePath),
            Self.canonicalQuery(request.query + added),
            canonicalHeaders,
            signedHeaders,
            Self.sha256Hex(request.body),
        ].joined(separator: "\n")
        let stringToSign = "\(Self.algorithm)\n\(timestamp.amzDate)\n\(scope)\n\(Self.sha256Hex(Array(canonicalRequest.utf8)))"
        let signature = signatureHex(stringToSign, secret: credentials.secretAccessKey, dateStamp: timestamp.dateStamp)
        if let token = credentials.sessionToken, options.omitSessionTokenFromSignature {
            added.append(SigV4Request.QueryItem(name: "X-Amz-Security-Token", value: token))
        }
        added.append(SigV4Request.QueryItem(name: "X-Amz-Signature", value: signature))
        return SigV4PresignedQuery(queryItems: added, canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature)
    }

    // MARK: - The pieces of the canonical request

    /// The signing key of `credentials` for the day `dateStamp` (`yyyyMMdd`).
    public func signingKey(credentials: AWSCredentials, dateStamp: String) -> SigV4SigningKey {
        SigV4SigningKey(dateStamp: dateStamp, accessKeyID: credentials.accessKeyID,
                        key: signingKey(secret: credentials.secretAccessKey, dateStamp: dateStamp), secret: credentials.secretAccessKey)
    }

    /// The signing key: `HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
    func signingKey(secret: String, dateStamp: String) -> SymmetricKey {
        let kDate = HMAC<SHA256>.authenticationCode(for: Array(dateStamp.utf8), using: SymmetricKey(data: Array("AWS4\(secret)".utf8)))
        let kRegion = HMAC<SHA256>.authenticationCode(for: Array(region.utf8), using: SymmetricKey(data: kDate))
        let kService = HMAC<SHA256>.authenticationCode(for: Array(service.utf8), using: SymmetricKey(data: kRegion))
        let kSigning = HMAC<SHA256>.authenticationCode(for: Array("aws4_request".utf8), using: SymmetricKey(data: kService))
        return SymmetricKey(data: kSigning)
    }

    private func signatureHex(_ stringToSign: String, secret: String, dateStamp: String) -> String {
        let key = signingKey(secret: secret, dateStamp: dateStamp)
        return Hex.encode(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
    }

    static func sha256Hex(_ bytes: [UInt8]) -> String {
        Hex.encode(SHA256.hash(data: bytes))
    }

    /// Each path segment percent-encoded; with `normalize`, dot segments and empty segments removed
    /// (a trailing slash is kept).
    static func canonicalURI(_ path: String, normalize: Bool) -> String {
        if path.isEmpty { return "/" }
        guard normalize else { return URIEncoding.encode(path, keepSlash: true) }
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": if !segments.isEmpty { segments.removeLast() }
            default: segments.append(segment)
            }
        }
        var result = "/" + segments.map { URIEncoding.encode(String($0)) }.joined(separator: "/")
        let lastSegment = path.split(separator: "/", omittingEmptySubsequences: false).last
        if !segments.isEmpty, path.hasSuffix("/") || lastSegment == "." || lastSegment == ".." {
            result.append("/")
        }
        return result
    }

    /// Parameters encoded, then sorted by name and value (byte order).
    static func canonicalQuery(_ items: [SigV4Request.QueryItem]) -> String {
        if items.isEmpty { return "" }
        let encoded = items.map { (URIEncoding.encode($0.name), URIEncoding.encode($0.value)) }
        return encoded
            .sorted { lhs, rhs in
                lhs.0 == rhs.0 ? lhs.1.utf8.lexicographicallyPrecedes(rhs.1.utf8) : lhs.0.utf8.lexicographicallyPrecedes(rhs.0.utf8)
            }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// Lowercased names sorted, values trimmed with inner whitespace runs collapsed, repeated
    /// names joined by commas in request order. Returns the block and the signed-headers list.
    static func canonicalHeaders(_ headers: [SigV4Request.Header]) -> (String, String) {
        // (lowercased name, canonical value, request position): sorting by name then position keeps
        // repeated names in request order without a dictionary.
        var entries: [(name: [UInt8], value: [UInt8], position: Int)] = []
        entries.reserveCapacity(headers.count)
        for (position, header) in headers.enumerated() {
            entries.append((lowercasedBytes(header.name), canonicalValueBytes(header.value), position))
        }
        entries.sort { lhs, rhs in
            lhs.name == rhs.name ? lhs.position < rhs.position : lhs.name.lexicographicallyPrecedes(rhs.name)
        }
        var block: [UInt8] = []
        block.reserveCapacity(256)
        var signed: [UInt8] = []
        signed.reserveCapacity(128)
        var index = 0
        while index < entries.count {
            let name = entries[index].name
            if !signed.isEmpty { signed.append(UInt8(ascii: ";")) }
            signed.append(contentsOf: name)
            block.append(contentsOf: name)
            block.append(UInt8(ascii: ":"))
            block.append(contentsOf: entries[index].value)
            index += 1
            while index < entries.count, entries[index].name == name {
                block.append(UInt8(ascii: ","))
                block.append(contentsOf: entries[index].value)
                index += 1
            }
            block.append(UInt8(ascii: "\n"))
        }
        return (String(decoding: block, as: UTF8.self), String(decoding: signed, as: UTF8.self))
    }

    private static func lowercasedBytes(_ name: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(name.utf8.count)
        for byte in name.utf8 {
            out.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte)
        }
        return out
    }

    private static func canonicalValueBytes(_ value: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count)
        var pendingSpace = false
        for byte in value.utf8 {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(UInt8(ascii: " ")) }
                pendingSpace = false
                out.append(byte)
            }
        }
        return out
    }
}
