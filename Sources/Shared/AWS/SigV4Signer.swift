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
    ///
    /// The canonical request, the string to sign and the `Authorization` value are each built
    /// in one byte buffer; with a `keyCache` the signing key is derived once a day, so a
    /// signature costs two SHA-256 hashes and one HMAC.
    public func sign(
        _ request: SigV4Request,
        credentials: AWSCredentials,
        date: Date,
        options: SigV4Options = SigV4Options(),
        keyCache: SigV4SigningKeyCache? = nil
    ) -> SigV4Signature {
        let timestamp = AWSTimestamp(date)
        var payloadHash: [UInt8] = []
        payloadHash.reserveCapacity(64)
        request.body.withUnsafeBytes { SHA256.hash(data: $0) }.withUnsafeBytes { Hex.append($0, to: &payloadHash) }
        var added: [SigV4Request.Header] = []
        added.reserveCapacity(4)
        added.append(SigV4Request.Header(name: "X-Amz-Date", value: timestamp.amzDate))
        if let token = credentials.sessionToken, !options.omitSessionTokenFromSignature {
            added.append(SigV4Request.Header(name: "X-Amz-Security-Token", value: token))
        }
        if options.signBodyHashHeader {
            added.append(SigV4Request.Header(name: "x-amz-content-sha256", value: String(decoding: payloadHash, as: UTF8.self)))
        }

        var canonical: [UInt8] = []
        canonical.reserveCapacity(512)
        canonical.append(contentsOf: request.method.utf8)
        canonical.append(Self.newline)
        Self.appendCanonicalURI(request.path, normalize: options.normalizePath, to: &canonical)
        canonical.append(Self.newline)
        Self.appendCanonicalQuery(request.query, to: &canonical)
        canonical.append(Self.newline)
        let signedHeaders = Self.appendCanonicalHeaders(request.headers, added, to: &canonical)
        canonical.append(Self.newline)
        canonical.append(contentsOf: signedHeaders)
        canonical.append(Self.newline)
        canonical.append(contentsOf: payloadHash)

        let scope = self.scope(dateStamp: timestamp.dateStamp)
        var stringToSign: [UInt8] = []
        stringToSign.reserveCapacity(Self.algorithm.utf8.count + scope.count + 90)
        stringToSign.append(contentsOf: Self.algorithm.utf8)
        stringToSign.append(Self.newline)
        stringToSign.append(contentsOf: timestamp.amzDate.utf8)
        stringToSign.append(Self.newline)
        stringToSign.append(contentsOf: scope)
        stringToSign.append(Self.newline)
        canonical.withUnsafeBytes { SHA256.hash(data: $0) }.withUnsafeBytes { Hex.append($0, to: &stringToSign) }

        let key: SigV4SigningKey
        if let keyCache {
            key = keyCache.key(for: credentials, dateStamp: timestamp.dateStamp) { signingKey(credentials: credentials, dateStamp: timestamp.dateStamp) }
        } else {
            key = signingKey(credentials: credentials, dateStamp: timestamp.dateStamp)
        }
        var signature: [UInt8] = []
        signature.reserveCapacity(64)
        stringToSign.withUnsafeBytes { key.authenticationCode(for: $0) }.withUnsafeBytes { Hex.append($0, to: &signature) }

        if let token = credentials.sessionToken, options.omitSessionTokenFromSignature {
            added.append(SigV4Request.Header(name: "X-Amz-Security-Token", value: token))
        }
        var authorization: [UInt8] = []
        authorization.reserveCapacity(Self.algorithm.utf8.count + scope.count + signedHeaders.count + 140)
        authorization.append(contentsOf: Self.algorithm.utf8)
        authorization.append(contentsOf: " Credential=".utf8)
        authorization.append(contentsOf: credentials.accessKeyID.utf8)
        authorization.append(UInt8(ascii: "/"))
        authorization.append(contentsOf: scope)
        authorization.append(contentsOf: ", SignedHeaders=".utf8)
        authorization.append(contentsOf: signedHeaders)
        authorization.append(contentsOf: ", Signature=".utf8)
        authorization.append(contentsOf: signature)
        added.append(SigV4Request.Header(name: "Authorization", value: String(decoding: authorization, as: UTF8.self)))
        return SigV4Signature(
            headers: added, canonicalRequest: String(decoding: canonical, as: UTF8.self),
            stringToSign: String(decoding: stringToSign, as: UTF8.self), signature: String(decoding: signature, as: UTF8.self))
    }

    /// The credential scope, `yyyyMMdd/region/service/aws4_request`.
    func scope(dateStamp: String) -> [UInt8] {
        var scope: [UInt8] = []
        scope.reserveCapacity(dateStamp.utf8.count + region.utf8.count + service.utf8.count + 15)
        scope.append(contentsOf: dateStamp.utf8)
        scope.append(UInt8(ascii: "/"))
        scope.append(contentsOf: region.utf8)
        scope.append(UInt8(ascii: "/"))
        scope.append(contentsOf: service.utf8)
        scope.append(contentsOf: "/aws4_request".utf8)
        return scope
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

    static let newline = UInt8(ascii: "\n")
}
