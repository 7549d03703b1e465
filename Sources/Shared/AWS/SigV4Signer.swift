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
        let payloadHash = Self.sha256Hex(request.body)
        var added: [SigV4Request.Header] = []
        added.reserveCapacity(4)
        added.append(SigV4Request.Header(name: "X-Amz-Date", value: timestamp.amzDate))
        if let token = credentials.sessionToken, !options.omitSessionTokenFromSignature {
            added.append(SigV4Request.Header(name: "X-Amz-Security-Token", value: token))
        }
        if options.signBodyHashHeader {
            added.append(SigV4Request.Header(name: "x-amz-content-sha256", value: String(decoding: payloadHash, as: UTF8.self)))
        }

        var canonical = Self.canonicalRequestHead(request, query: request.query, normalize: options.normalizePath)
        let signedHeaders = Self.appendCanonicalHeaders(request.headers, added, to: &canonical)
        Self.appendCanonicalRequestTail(signedHeaders: signedHeaders, payloadHash: payloadHash, to: &canonical)
        let scope = self.scope(dateStamp: timestamp.dateStamp)
        let stringToSign = Self.stringToSign(timestamp, scope: scope, canonicalRequest: canonical)

        let key: SigV4SigningKey
        if let keyCache {
            key = keyCache.key(for: credentials, dateStamp: timestamp.dateStamp) { signingKey(credentials: credentials, dateStamp: timestamp.dateStamp) }
        } else {
            key = signingKey(credentials: credentials, dateStamp: timestamp.dateStamp)
        }
        let signature = key.signatureHex(of: stringToSign)

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

    /// `AWS4-HMAC-SHA256\n<amz date>\n<scope>\n<hex SHA-256 of the canonical request>`.
    static func stringToSign(_ timestamp: AWSTimestamp, scope: [UInt8], canonicalRequest: [UInt8]) -> [UInt8] {
        var stringToSign: [UInt8] = []
        stringToSign.reserveCapacity(algorithm.utf8.count + scope.count + 90)
        stringToSign.append(contentsOf: algorithm.utf8)
        stringToSign.append(newline)
        stringToSign.append(contentsOf: timestamp.amzDate.utf8)
        stringToSign.append(newline)
        stringToSign.append(contentsOf: scope)
        stringToSign.append(newline)
        stringToSign.append(contentsOf: sha256Hex(canonicalRequest))
        return stringToSign
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
        let scope = self.scope(dateStamp: timestamp.dateStamp)
        var headerBlock: [UInt8] = []
        let signedHeaders = Self.appendCanonicalHeaders(request.headers, [], to: &headerBlock)
        var added = [
            SigV4Request.QueryItem(name: "X-Amz-Algorithm", value: Self.algorithm),
            SigV4Request.QueryItem(name: "X-Amz-Credential", value: "\(credentials.accessKeyID)/\(String(decoding: scope, as: UTF8.self))"),
            SigV4Request.QueryItem(name: "X-Amz-Date", value: timestamp.amzDate),
            SigV4Request.QueryItem(name: "X-Amz-SignedHeaders", value: String(decoding: signedHeaders, as: UTF8.self)),
            SigV4Request.QueryItem(name: "X-Amz-Expires", value: String(expires)),
        ]
        if let token = credentials.sessionToken, !options.omitSessionTokenFromSignature {
            added.append(SigV4Request.QueryItem(name: "X-Amz-Security-Token", value: token))
        }
        var canonical = Self.canonicalRequestHead(request, query: request.query + added, normalize: options.normalizePath)
        canonical.append(contentsOf: headerBlock)
        Self.appendCanonicalRequestTail(signedHeaders: signedHeaders, payloadHash: Self.sha256Hex(request.body), to: &canonical)
        let stringToSign = Self.stringToSign(timestamp, scope: scope, canonicalRequest: canonical)
        let signature = String(decoding: signingKey(credentials: credentials, dateStamp: timestamp.dateStamp).signatureHex(of: stringToSign), as: UTF8.self)
        if let token = credentials.sessionToken, options.omitSessionTokenFromSignature {
            added.append(SigV4Request.QueryItem(name: "X-Amz-Security-Token", value: token))
        }
        added.append(SigV4Request.QueryItem(name: "X-Amz-Signature", value: signature))
        return SigV4PresignedQuery(
            queryItems: added, canonicalRequest: String(decoding: canonical, as: UTF8.self),
            stringToSign: String(decoding: stringToSign, as: UTF8.self), signature: signature)
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

    static let newline = UInt8(ascii: "\n")
}
