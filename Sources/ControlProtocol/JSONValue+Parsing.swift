extension JSONValue {
    /// Reads one JSON value (RFC 8259, strictly) from UTF-8 bytes, such as one line of the
    /// control protocol. Whitespace may surround the value; nothing else may follow it.
    ///
    /// Refused, with the byte offset where: invalid UTF-8 in a string and lone surrogates in
    /// `\u` escapes (pairs are decoded); unescaped control characters in a string; numbers with
    /// leading zeros, NaN, Infinity and numbers beyond ±1.8e308; a key twice in one object (the
    /// message names it); arrays and objects nested deeper than `maxDepth`. The parser keeps
    /// its open containers on a heap stack, so input such as ten megabytes of `[` is refused at
    /// byte `maxDepth` without deep recursion. It reads any top-level value, not only objects.
    public static func parse(_ bytes: some Collection<UInt8>, maxDepth: Int = 32) throws(ControlProtocolError) -> JSONValue {
        let parsed = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(ControlProtocolError) -> JSONValue in
                var parser = JSONParser(buffer, maxDepth: maxDepth)
                return try parser.parseDocument()
            }
        }
        if let parsed { return try parsed.get() }
        return try parse(Array(bytes), maxDepth: maxDepth)
    }

    /// Reads one JSON value from text (its UTF-8).
    public static func parse(_ text: String, maxDepth: Int = 32) throws(ControlProtocolError) -> JSONValue {
        try parse(text.utf8, maxDepth: maxDepth)
    }

    /// A line of the protocol, its JSON errors reported as errors in a `subject`.
    static func parseLine(_ bytes: some Collection<UInt8>, as subject: ControlProtocolError.Subject) throws(ControlProtocolError) -> JSONValue {
        do {
            return try parse(bytes)
        } catch {
            throw error.about(subject)
        }
    }
}
