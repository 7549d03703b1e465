extension JSONParser {
    /// A number, the position at its `-` or first digit:
    /// `-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`, finite as a `Double`.
    mutating func readNumber() throws(ControlProtocolError) -> Double {
        let start = position
        _ = consume(UInt8(ascii: "-"))
        if consume(UInt8(ascii: "0")) {
            if isDigit() {
                throw syntaxError("a number with a leading zero", at: start, hint: "write 7, not 07")
            }
        } else if isDigit() {
            skipDigits()
        } else if startsWith("Infinity") {
            throw nonFiniteError(at: start)
        } else {
            throw syntaxError("expected a digit after '-', found \(found())")
        }
        if consume(UInt8(ascii: ".")) {
            guard isDigit() else { throw syntaxError("expected a digit after '.', found \(found())") }
            skipDigits()
        }
        if consume(UInt8(ascii: "e")) || consume(UInt8(ascii: "E")) {
            _ = consume(UInt8(ascii: "+")) || consume(UInt8(ascii: "-"))
            guard isDigit() else { throw syntaxError("expected a digit in the exponent, found \(found())") }
            skipDigits()
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let number = Double(text), number.isFinite else {
            let (shown, cut) = ControlProtocolError.shortened(text)
            throw ControlProtocolError(
                code: .numberOutOfRange, subject: .json, offset: start,
                reason: "the number \(shown)\(cut ? "…" : "") is beyond ±1.8e308",
                hint: "send a number a 64-bit double can hold")
        }
        return number
    }

    /// NaN or Infinity (with an optional `-`), at `start`.
    func nonFiniteError(at start: Int? = nil) -> ControlProtocolError {
        ControlProtocolError(
            code: .numberOutOfRange, subject: .json, offset: start ?? position,
            reason: "NaN and Infinity are not JSON numbers", hint: "send a finite number, or null")
    }

    private func isDigit() -> Bool {
        position < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position])
    }

    private mutating func skipDigits() {
        while isDigit() { position += 1 }
    }
}
