import Crypto

/// A derived SigV4 signing key: valid for one secret, one UTC day, one region and one service.
/// Deriving it costs four HMACs, so senders keep it for the day (see ``SigV4SigningKeyCache``).
/// Its description shows nothing secret.
public struct SigV4SigningKey: Sendable, CustomStringConvertible {
    /// The `yyyyMMdd` day it is valid for.
    public let dateStamp: String
    /// The access key id whose secret it was derived from.
    public let accessKeyID: String
    let keyBytes: [UInt8]
    let secretDigest: [UInt8]

    init(dateStamp: String, accessKeyID: String, key: SymmetricKey, secret: String) {
        self.dateStamp = dateStamp
        self.accessKeyID = accessKeyID
        self.keyBytes = key.withUnsafeBytes { Array($0) }
        self.secretDigest = Array(SHA256.hash(data: Array(secret.utf8)))
    }

    var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    /// Whether this key was derived from `credentials` for `dateStamp`.
    func matches(_ credentials: AWSCredentials, dateStamp: String) -> Bool {
        self.dateStamp == dateStamp && accessKeyID == credentials.accessKeyID
            && secretDigest.elementsEqual(SHA256.hash(data: Array(credentials.secretAccessKey.utf8)))
    }

    /// `SigV4SigningKey(<access key id prefix>****, <day>)`.
    public var description: String {
        "SigV4SigningKey(\(accessKeyID.prefix(4))****, \(dateStamp))"
    }
}
