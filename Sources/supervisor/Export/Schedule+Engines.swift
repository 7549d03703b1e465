extension Schedule {
    private static let systemdDays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let awsDays = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]

    /// A systemd `OnCalendar=` value: `DOW *-MM-DD HH:MM:00`, every field as an explicit list
    /// (or `*`), in UTC like cron on a UTC host.
    var onCalendar: String {
        func list(_ index: Int, width: Int) -> String {
            if fields[index] == "*" { return "*" }
            return values(index).map { value in
                let text = String(value)
                return String(repeating: "0", count: max(0, width - text.count)) + text
            }.joined(separator: ",")
        }
        let days = fields[4] == "*" ? "" : weekdays.map { Self.systemdDays[$0] }.joined(separator: ",") + " "
        return "\(days)*-\(list(3, width: 2))-\(list(2, width: 2)) \(list(1, width: 2)):\(list(0, width: 2)):00 UTC"
    }

    /// An EventBridge `cron(...)` expression: six fields, `?` for the unused day field,
    /// weekdays by name (EventBridge numbers them 1-7, cron 0-6), other fields as explicit lists.
    var eventBridge: String {
        func list(_ index: Int) -> String {
            fields[index] == "*" ? "*" : values(index).map(String.init).joined(separator: ",")
        }
        let dayOfMonth = fields[4] == "*" ? list(2) : "?"
        let dayOfWeek = fields[4] == "*" ? "?" : weekdays.map { Self.awsDays[$0] }.joined(separator: ",")
        return "cron(\(list(0)) \(list(1)) \(dayOfMonth) \(list(3)) \(dayOfWeek) *)"
    }

    private func values(_ index: Int) -> [Int] {
        CronField.values(fields[index], in: CronField.ranges[index]) ?? []
    }

    /// Days of the week 0-6 (cron's 7 is Sunday too).
    private var weekdays: [Int] {
        Array(Set(values(4).map { $0 % 7 })).sorted()
    }
}
