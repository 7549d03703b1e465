import Crypto

/// The pieces of the canonical request, appended to byte buffers.
extension SigV4Signer {
    /// SHA-256 of `bytes` as 64 lowercase hex digits.
    static func sha256Hex(_ bytes: [UInt8]) -> [UInt8] {
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        bytes.withUnsafeBytes { SHA256.hash(data: $0) }.withUnsafeBytes { Hex.append($0, to: &hex) }
        return hex
    }

    /// `method\nURI\nquery\n`: the canonical request up to its header block.
    static func canonicalRequestHead(_ request: SigV4Request, query: [SigV4Request.QueryItem], normalize: Bool) -> [UInt8] {
        var canonical: [UInt8] = []
        canonical.reserveCapacity(512)
        canonical.append(contentsOf: request.method.utf8)
        canonical.append(newline)
        appendCanonicalURI(request.path, normalize: normalize, to: &canonical)
        canonical.append(newline)
        appendCanonicalQuery(query, to: &canonical)
        canonical.append(newline)
        return canonical
    }

    /// `\nsigned;headers\npayloadhash`: what follows the header block.
    static func appendCanonicalRequestTail(signedHeaders: [UInt8], payloadHash: [UInt8], to canonical: inout [UInt8]) {
        canonical.append(newline)
        canonical.append(contentsOf: signedHeaders)
        canonical.append(newline)
        canonical.append(contentsOf: payloadHash)
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

    static func appendCanonicalURI(_ path: String, normalize: Bool, to buffer: inout [UInt8]) {
        if path == "/" {
            buffer.append(UInt8(ascii: "/"))
        } else {
            buffer.append(contentsOf: canonicalURI(path, normalize: normalize).utf8)
        }
    }

    static func appendCanonicalQuery(_ items: [SigV4Request.QueryItem], to buffer: inout [UInt8]) {
        if !items.isEmpty { buffer.append(contentsOf: canonicalQuery(items).utf8) }
    }

    /// One header in the scratch buffer of `appendCanonicalHeaders`: its lowercased name at
    /// `nameStart..<nameEnd`, its canonical value at `nameEnd..<valueEnd`.
    private struct HeaderSpan {
        let nameStart: Int
        let nameEnd: Int
        let valueEnd: Int
        let position: Int
    }

    /// Appends the canonical header block of `headers` then `added` (each `name:value\n`) to
    /// `buffer`; returns the signed-headers list (`name;name`). Names are lowercased and sorted,
    /// values trimmed with inner whitespace runs collapsed, repeated names joined by commas in
    /// request order. The names and values are
    /// canonicalized once into one scratch buffer and sorted as spans of it, by name then by
    /// request position, so repeated names keep their order without a dictionary.
    static func appendCanonicalHeaders(_ headers: [SigV4Request.Header], _ added: [SigV4Request.Header], to buffer: inout [UInt8]) -> [UInt8] {
        var scratch: [UInt8] = []
        scratch.reserveCapacity(256)
        var spans: [HeaderSpan] = []
        spans.reserveCapacity(headers.count + added.count)
        for header in headers { canonicalize(header, position: spans.count, into: &scratch, spans: &spans) }
        for header in added { canonicalize(header, position: spans.count, into: &scratch, spans: &spans) }
        var signed: [UInt8] = []
        signed.reserveCapacity(128)
        scratch.withUnsafeBufferPointer { bytes in
            spans.sort { lhs, rhs in
                let order = compareNames(bytes, lhs, rhs)
                return order == 0 ? lhs.position < rhs.position : order < 0
            }
            var index = 0
            while index < spans.count {
                let first = spans[index]
                let name = UnsafeBufferPointer(rebasing: bytes[first.nameStart..<first.nameEnd])
                if !signed.isEmpty { signed.append(UInt8(ascii: ";")) }
                signed.append(contentsOf: name)
                buffer.append(contentsOf: name)
                buffer.append(UInt8(ascii: ":"))
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[first.nameEnd..<first.valueEnd]))
                index += 1
                while index < spans.count, compareNames(bytes, first, spans[index]) == 0 {
                    buffer.append(UInt8(ascii: ","))
                    buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[spans[index].nameEnd..<spans[index].valueEnd]))
                    index += 1
                }
                buffer.append(newline)
            }
        }
        return signed
    }

    /// Appends the lowercased name and the canonical value (trimmed, inner whitespace runs as
    /// one space) of `header` to `scratch`, and its span to `spans`. Both are copied in whole
    /// and then rewritten in place.
    private static func canonicalize(_ header: SigV4Request.Header, position: Int, into scratch: inout [UInt8], spans: inout [HeaderSpan]) {
        let nameStart = scratch.count
        scratch.append(contentsOf: header.name.utf8)
        let nameEnd = scratch.count
        scratch.append(contentsOf: header.value.utf8)
        let valueEnd = scratch.withUnsafeMutableBufferPointer { bytes in
            for index in nameStart..<nameEnd where bytes[index] >= UInt8(ascii: "A") && bytes[index] <= UInt8(ascii: "Z") {
                bytes[index] += 32
            }
            var write = nameEnd
            var pendingSpace = false
            for read in nameEnd..<bytes.count {
                let byte = bytes[read]
                if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                    pendingSpace = write > nameEnd
                } else {
                    if pendingSpace {
                        bytes[write] = UInt8(ascii: " ")
                        write += 1
                    }
                    pendingSpace = false
                    bytes[write] = byte
                    write += 1
                }
            }
            return write
        }
        scratch.removeLast(scratch.count - valueEnd)
        spans.append(HeaderSpan(nameStart: nameStart, nameEnd: nameEnd, valueEnd: valueEnd, position: position))
    }

    /// Byte order of two spans' names: negative, zero or positive.
    private static func compareNames(_ bytes: UnsafeBufferPointer<UInt8>, _ lhs: HeaderSpan, _ rhs: HeaderSpan) -> Int {
        let lhsCount = lhs.nameEnd - lhs.nameStart
        let rhsCount = rhs.nameEnd - rhs.nameStart
        for offset in 0..<min(lhsCount, rhsCount) {
            let a = bytes[lhs.nameStart + offset]
            let b = bytes[rhs.nameStart + offset]
            if a != b { return Int(a) - Int(b) }
        }
        return lhsCount - rhsCount
    }
}
