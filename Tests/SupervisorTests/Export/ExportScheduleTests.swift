import Testing

@testable import supervisor

extension ExportTests {
    @Suite("Export schedules")
    struct ExportScheduleTests {
        private func parse(_ text: String) throws -> Schedule {
            try Schedule.parse(text).get()
        }

        @Test("keywords become cron, systemd OnCalendar and EventBridge expressions")
        func keywords() throws {
            let daily = try parse("backup-job=daily")
            #expect(daily.type == "backup-job")
            #expect(daily.cron == "0 0 * * *")
            #expect(daily.onCalendar == "*-*-* 00:00:00 UTC")
            #expect(daily.eventBridge == "cron(0 0 * * ? *)")
            #expect(try parse("x=weekly").onCalendar == "Sun *-*-* 00:00:00 UTC")
            #expect(try parse("x=weekly").eventBridge == "cron(0 0 ? * SUN *)")
            #expect(try parse("x=monthly").eventBridge == "cron(0 0 1 * ? *)")
            #expect(try parse("x=hourly").onCalendar == "*-*-* *:00:00 UTC")
        }

        @Test("cron ranges, lists and steps are expanded for systemd and EventBridge")
        func cronExpressions() throws {
            let weekdays = try parse("backup-job= 30 3 * * 1-5 ")
            #expect(weekdays.cron == "30 3 * * 1-5")
            #expect(weekdays.onCalendar == "Mon,Tue,Wed,Thu,Fri *-*-* 03:30:00 UTC")
            #expect(weekdays.eventBridge == "cron(30 3 ? * MON,TUE,WED,THU,FRI *)")
            let steps = try parse("x=*/15 0,12 1 */6 *")
            #expect(steps.onCalendar == "*-01,07-01 00,12:00,15,30,45:00 UTC")
            #expect(steps.eventBridge == "cron(0,15,30,45 0,12 1 1,7 ? *)")
            #expect(try parse("x=0 0 * * 7").eventBridge == "cron(0 0 ? * SUN *)")
        }

        @Test("invalid schedules say what to write instead", arguments: [
            ("backup-job", "no '='"),
            ("=daily", "names no process type"),
            ("x=sometimes", "is not a schedule"),
            ("x=60 * * * *", "invalid minute '60'"),
            ("x=0 0 * 13 *", "invalid month '13'"),
            ("x=0 0 5-1 * *", "invalid day of the month"),
            ("x=0 0 1 * 1", "not both"),
        ])
        func invalid(text: String, message: String) {
            guard case .failure(let error) = Schedule.parse(text) else {
                Issue.record("'\(text)' was accepted")
                return
            }
            #expect(error.problems.count == 1)
            #expect(error.problems[0].contains(message), "\(error.problems)")
        }
    }
}
