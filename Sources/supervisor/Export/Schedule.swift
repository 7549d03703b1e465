/// When an admin process type runs: `--schedule TYPE=daily` or `--schedule 'TYPE=30 3 * * *'`.
///
/// Kept as the five fields of a standard cron expression (minute hour day-of-month month
/// day-of-week), which each exporter renders in its engine's own syntax.
struct Schedule: Equatable {
    /// The process type it applies to.
    let type: String
    /// The five cron fields, as written (keywords expanded).
    let fields: [String]

    /// Keywords and the cron expressions they stand for (midnight UTC; Sunday for weekly).
    static let keywords: [(name: String, cron: String)] = [
        ("hourly", "0 * * * *"), ("daily", "0 0 * * *"), ("weekly", "0 0 * * 0"), ("monthly", "0 0 1 * *"),
    ]

    /// The standard cron expression, e.g. for a Kubernetes CronJob.
    var cron: String { fields.joined(separator: " ") }

    /// Parses `TYPE=daily` or `TYPE=M H DOM MON DOW`; the error says what to write instead.
    static func parse(_ text: String) -> Result<Schedule, ExportProblems> {
        guard let equals = text.firstIndex(of: "=") else {
            return .failure(ExportProblems("--schedule '\(text)' has no '='; write TYPE=daily or 'TYPE=30 3 * * *'"))
        }
        let type = String(text[..<equals]).trimmingSpaces
        let when = String(text[text.index(after: equals)...]).trimmingSpaces
        guard !type.isEmpty else {
            return .failure(ExportProblems("--schedule '\(text)' names no process type; write TYPE=\(when)"))
        }
        let expression = keywords.first { $0.name == when.lowercased() }?.cron ?? when
        let fields = expression.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        let hint = "use hourly, daily, weekly, monthly or five cron fields such as '30 3 * * *'"
        guard fields.count == 5 else {
            return .failure(ExportProblems("--schedule for '\(type)': '\(when)' is not a schedule; \(hint)"))
        }
        for (index, field) in fields.enumerated() {
            if CronField.values(field, in: CronField.ranges[index]) == nil {
                return .failure(ExportProblems(
                    "--schedule for '\(type)': invalid \(CronField.names[index]) '\(field)' (allowed \(CronField.ranges[index].lowerBound)-\(CronField.ranges[index].upperBound), '*', lists, ranges and /steps); \(hint)"))
            }
        }
        if fields[2] != "*" && fields[4] != "*" {
            return .failure(ExportProblems(
                "--schedule for '\(type)': give a day of the month or a day of the week, not both ('\(when)'); EventBridge and systemd cannot express cron's either-or"))
        }
        return .success(Schedule(type: type, fields: fields))
    }
}
