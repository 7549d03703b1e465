import Foundation

/// The two date forms SigV4 uses, computed without a `DateFormatter` (pure and fast).
public struct AWSTimestamp: Sendable, Equatable {
    /// `yyyyMMdd'T'HHmmss'Z'`, such as `20150830T123600Z`.
    public let amzDate: String
    /// `yyyyMMdd`, such as `20150830`.
    public let dateStamp: String

    /// Formats `date` in UTC, truncated to whole seconds.
    public init(_ date: Date) {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = Self.civilDate(daysSinceEpoch: days)
        var digits: [UInt8] = []
        digits.reserveCapacity(16)
        Self.append(year, width: 4, to: &digits)
        Self.append(month, width: 2, to: &digits)
        Self.append(day, width: 2, to: &digits)
        self.dateStamp = String(decoding: digits, as: UTF8.self)
        digits.append(UInt8(ascii: "T"))
        Self.append(secondOfDay / 3600, width: 2, to: &digits)
        Self.append(secondOfDay % 3600 / 60, width: 2, to: &digits)
        Self.append(secondOfDay % 60, width: 2, to: &digits)
        digits.append(UInt8(ascii: "Z"))
        self.amzDate = String(decoding: digits, as: UTF8.self)
    }

    /// Howard Hinnant's days-to-civil algorithm.
    static func civilDate(daysSinceEpoch: Int64) -> (Int64, Int64, Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// Appends `value` in decimal, zero-padded to `width` digits (a year past 9999 keeps all
    /// of its digits, a year before 1 BC its sign).
    private static func append(_ value: Int64, width: Int, to digits: inout [UInt8]) {
        if value < 0 { digits.append(UInt8(ascii: "-")) }
        let value = value.magnitude
        var divisor: UInt64 = 1
        for _ in 1..<width { divisor *= 10 }
        while divisor <= value / 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            digits.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}
