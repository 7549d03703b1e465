/// A `Schedule`'s five cron fields as sets of values, for finding the next run: the local side
/// of `--schedule` (the exports render the same fields for their engines). Times are UTC
/// seconds since the epoch; nothing here reads a clock.
///
/// Standard cron semantics: a time matches when its minute, hour and month are in their fields
/// and its day matches; when both day fields are restricted (not `*`) either may match, as in
/// Vixie cron (the `--schedule` parser refuses that combination, so in practice one day field
/// decides). Day of the week 7 is Sunday, like 0.
struct CronSchedule: Equatable, Sendable {
    let minutes: [Int]
    let hours: [Int]
    let daysOfMonth: Set<Int>
    let months: Set<Int>
    /// 0 (Sunday) to 6.
    let weekdays: Set<Int>
    let dayOfMonthRestricted: Bool
    let weekdayRestricted: Bool

    /// How far ahead `next(atOrAfter:)` looks: a run on February 29 may be eight years away
    /// (2096, then 2104); a day that never comes (`0 0 30 2 *`) gives nil after this.
    static let searchDays = 366 * 9

    /// The schedule's fields as values; nil when a field does not parse (`Schedule.parse`
    /// has refused those already).
    init?(_ schedule: Schedule) {
        self.init(fields: schedule.fields)
    }

    init?(fields: [String]) {
        guard fields.count == 5 else { return nil }
        var values: [[Int]] = []
        for (index, field) in fields.enumerated() {
            guard let parsed = CronField.values(field, in: CronField.ranges[index]) else { return nil }
            values.append(parsed)
        }
        minutes = values[0]
        hours = values[1]
        daysOfMonth = Set(values[2])
        months = Set(values[3])
        weekdays = Set(values[4].map { $0 % 7 })
        dayOfMonthRestricted = fields[2] != "*"
        weekdayRestricted = fields[4] != "*"
    }

    /// The first matching minute at or after `time` (UTC seconds), or nil when none comes
    /// within `searchDays`.
    func next(atOrAfter time: Int) -> Int? {
        // The first whole minute at or after `time`.
        let start = Self.floorDivide(time + 59, 60) * 60
        var day = Self.floorDivide(start, 86_400)
        var earliest = start - day * 86_400
        for _ in 0..<Self.searchDays {
            if matches(day: day) {
                for hour in hours {
                    for minute in minutes where hour * 3600 + minute * 60 >= earliest {
                        return day * 86_400 + hour * 3600 + minute * 60
                    }
                }
            }
            day += 1
            earliest = 0
        }
        return nil
    }

    /// Whether the day (days since 1970-01-01) is one the schedule runs on.
    func matches(day: Int) -> Bool {
        let date = Self.civil(day: day)
        guard months.contains(date.month) else { return false }
        let dayOfMonth = daysOfMonth.contains(date.day)
        let weekday = weekdays.contains(Self.weekday(day: day))
        switch (dayOfMonthRestricted, weekdayRestricted) {
        case (true, true): return dayOfMonth || weekday
        case (true, false): return dayOfMonth
        case (false, true): return weekday
        case (false, false): return true
        }
    }

    static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    }
}
