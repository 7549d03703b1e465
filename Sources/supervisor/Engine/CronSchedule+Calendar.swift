/// The proleptic Gregorian calendar in UTC, without Foundation (the supervisor is static):
/// days since the epoch to a date and back (Howard Hinnant's `civil_from_days` and
/// `days_from_civil`), and times as ISO-8601 text for `status`.
extension CronSchedule {
    struct Date: Equatable, Sendable {
        let year: Int
        let month: Int
        let day: Int
    }

    /// The date of a day counted from 1970-01-01 (day 0).
    static func civil(day: Int) -> Date {
        let shifted = day + 719_468
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return Date(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    /// Days from 1970-01-01 to the date.
    static func days(_ date: Date) -> Int {
        let year = date.month <= 2 ? date.year - 1 : date.year
        let era = floorDivide(year, 400)
        let yearOfEra = year - era * 400
        let dayOfYear = (153 * (date.month > 2 ? date.month - 3 : date.month + 9) + 2) / 5 + date.day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// 0 for Sunday to 6 for Saturday (1970-01-01 was a Thursday).
    static func weekday(day: Int) -> Int {
        let remainder = (day + 4) % 7
        return remainder < 0 ? remainder + 7 : remainder
    }

    /// UTC seconds at the time given, e.g. `seconds(2026, 12, 8)` for midnight.
    static func seconds(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Int {
        days(Date(year: year, month: month, day: day)) * 86_400 + hour * 3600 + minute * 60 + second
    }

    /// `2026-12-08T00:00:00Z`.
    static func iso8601(_ seconds: Int) -> String {
        let day = floorDivide(seconds, 86_400)
        let second = seconds - day * 86_400
        let date = civil(day: day)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        let year = String(date.year)
        let paddedYear = String(repeating: "0", count: max(0, 4 - year.count)) + year
        return "\(paddedYear)-\(two(date.month))-\(two(date.day))T\(two(second / 3600)):\(two(second % 3600 / 60)):\(two(second % 60))Z"
    }
}
