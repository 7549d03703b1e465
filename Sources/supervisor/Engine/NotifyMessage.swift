/// One datagram of systemd's notify protocol (`sd_notify(3)`): newline-separated `KEY=VALUE`
/// assignments. Only what the supervisor acts upon is kept; other well-formed keys (`MAINPID`,
/// `ERRNO`, `FDSTORE`, …) are ignored, as systemd ignores what a unit type does not use.
struct NotifyMessage: Equatable, Sendable {
    var ready = false
    var stopping = false
    var status: String?
    /// `WATCHDOG=1`: a keep-alive.
    var watchdogPing = false
    /// `WATCHDOG=trigger`: the instance asks for its watchdog action now.
    var watchdogTrigger = false
    /// `WATCHDOG_USEC=N`: the instance's keep-alive interval from now on.
    var watchdogMicroseconds: UInt64?
    /// `EXTEND_TIMEOUT_USEC=N`: the start (or stop) may take this much longer from now.
    var extendTimeoutMicroseconds: UInt64?

    /// Longest datagram accepted, as systemd's `NOTIFY_BUFFER_MAX`; longer ones are refused whole.
    static let maximumBytes = 4096
    /// Longest `STATUS=` text kept.
    static let maximumStatusBytes = 512
}

extension NotifyMessage {
    enum ParseError: Error, Equatable, Sendable {
        /// Not `KEY=VALUE` lines of UTF-8, or a number that is none: `reason` says which.
        case malformed(String)
        /// Well-formed, but no assignment the supervisor knows.
        case unknown
    }

    /// Parses a datagram; throws for anything malformed (the whole datagram is then ignored).
    static func parse(_ bytes: [UInt8]) throws(ParseError) -> NotifyMessage {
        guard !bytes.isEmpty else { throw .malformed("empty datagram") }
        guard bytes.count <= maximumBytes else { throw .malformed("\(bytes.count) bytes, over \(maximumBytes)") }
        var message = NotifyMessage()
        var known = false
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            guard let equals = line.firstIndex(of: UInt8(ascii: "=")), equals > line.startIndex else {
                throw .malformed("a line without KEY=")
            }
            let key = line[line.startIndex..<equals]
            guard key.allSatisfy({ isKeyByte($0) }) else { throw .malformed("a key that is not A-Z, 0-9, _") }
            guard let value = String(validating: line[(equals + 1)...], as: UTF8.self) else {
                throw .malformed("a value that is not UTF-8")
            }
            known = try message.assign(String(decoding: key, as: UTF8.self), value) || known
        }
        guard known else { throw .unknown }
        return message
    }

    /// Applies one assignment; returns whether the key is one the supervisor acts upon.
    private mutating func assign(_ key: String, _ value: String) throws(ParseError) -> Bool {
        switch key {
        case "READY": ready = value == "1"
        case "STOPPING": stopping = value == "1"
        case "STATUS": status = String(decoding: value.utf8.prefix(Self.maximumStatusBytes), as: UTF8.self)
        case "WATCHDOG":
            if value == "1" { watchdogPing = true } else if value == "trigger" { watchdogTrigger = true } else { return false }
        case "WATCHDOG_USEC": watchdogMicroseconds = try Self.microseconds(value, key)
        case "EXTEND_TIMEOUT_USEC": extendTimeoutMicroseconds = try Self.microseconds(value, key)
        // sd_notify_barrier(3) (systemd-notify sends one): the descriptor that came with it is
        // closed on receipt, which is the whole answer.
        case "BARRIER": return value == "1"
        default: return false
        }
        return true
    }

    private static func microseconds(_ value: String, _ key: String) throws(ParseError) -> UInt64 {
        guard !value.isEmpty, value.utf8.count <= 19, value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let number = UInt64(value) else {
            throw .malformed("\(key) is not a number of microseconds")
        }
        return number
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
    }
}
