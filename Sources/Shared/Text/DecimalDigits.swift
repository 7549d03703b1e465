/// Decimal numbers written straight into byte buffers (timestamps in signatures and log lines),
/// without the allocations of `String(Int)` and padding; pure.
public enum DecimalDigits {
    /// Appends `value` in decimal, zero-padded to `width` digits; a longer number keeps all of
    /// its digits, a negative one its sign.
    public static func append(_ value: Int64, width: Int, to digits: inout [UInt8]) {
        if value < 0 { digits.append(UInt8(ascii: "-")) }
        let value = value.magnitude
        var divisor: UInt64 = 1
        for _ in 1..<max(1, width) { divisor *= 10 }
        while divisor <= value / 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            digits.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}
