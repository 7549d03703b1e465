import Crypto

/// A derived SigV4 signing key: valid for one secret, one UTC day, one region and one service.
/// Deriving it costs four HMACs, so senders keep it for the day (see ``SigV4SigningKeyCache``).
/// It also keeps HMAC's two padded key blocks, so a signature costs no key set-up either.
/// Its description shows nothing secret.
public struct SigV4SigningKey: Sendable, CustomStringConvertible {
    /// The `yyyyMMdd` day it is valid for.
    public let dateStamp: String
    /// The access key id whose secret it was derived from.
    public let accessKeyID: String
    /// The secret it was derived from, to notice rotated credentials. The credentials it came
    /// from hold the same string in the same process, so keeping it exposes nothing more.
    private let secret: String
    /// HMAC's key blocks (RFC 2104): the key zero-padded to SHA-256's 64-byte block, XORed
    /// with 0x36 (inner) and 0x5c (outer).
    private let innerPad: [UInt8]
    private let outerPad: [UInt8]

    init(dateStamp: String, accessKeyID: String, key: SymmetricKey, secret: String) {
        self.dateStamp = dateStamp
        self.accessKeyID = accessKeyID
        self.secret = secret
        var padded = key.withUnsafeBytes { Array($0) }   // 32 bytes: shorter than the block, so used as is
        padded.append(contentsOf: repeatElement(0, count: SHA256.blockByteCount - padded.count))
        self.innerPad = padded.map { $0 ^ 0x36 }
        self.outerPad = padded.map { $0 ^ 0x5c }
    }

    /// HMAC-SHA256 of `message` with this key, as 64 lowercase hex digits: a SigV4 signature.
    func signatureHex(of message: [UInt8]) -> [UInt8] {
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        message.withUnsafeBytes { authenticationCode(for: $0) }.withUnsafeBytes { Hex.append($0, to: &hex) }
        return hex
    }

    /// HMAC-SHA256 of `message` with this key.
    private func authenticationCode(for message: UnsafeRawBufferPointer) -> SHA256.Digest {
        var inner = SHA256()
        innerPad.withUnsafeBytes { inner.update(bufferPointer: $0) }
        inner.update(bufferPointer: message)
        let innerDigest = inner.finalize()
        var outer = SHA256()
        outerPad.withUnsafeBytes { outer.update(bufferPointer: $0) }
        innerDigest.withUnsafeBytes { outer.update(bufferPointer: $0) }
        return outer.finalize()
    }

    /// Whether this key was derived from `credentials` for `dateStamp`.
    func matches(_ credentials: AWSCredentials, dateStamp: String) -> Bool {
        self.dateStamp == dateStamp && accessKeyID == credentials.accessKeyID && secret == credentials.secretAccessKey
    }

    /// `SigV4SigningKey(<access key id prefix>****, <day>)`.
    public var description: String {
        "SigV4SigningKey(\(accessKeyID.prefix(4))****, \(dateStamp))"
    }
}
