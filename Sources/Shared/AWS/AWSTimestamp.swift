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
        DecimalDigits.append(year, width: 4, to: &digits)
        DecimalDigits.append(month, width: 2, to: &digits)
        DecimalDigits.append(day, width: 2, to: &digits)
        self.dateStamp = String(decoding: digits, as: UTF8.self)
        digits.append(UInt8(ascii: "T"))
        DecimalDigits.append(secondOfDay / 3600, width: 2, to: &digits)
        DecimalDigits.append(secondOfDay % 3600 / 60, width: 2, to: &digits)
        DecimalDigits.append(secondOfDay % 60, width: 2, to: &digits)
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
}
