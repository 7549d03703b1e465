import Testing

@testable import supervisor

/// The local scheduler as a value: next run times for every spelling `--schedule` takes across
/// month, leap-year and year edges (UTC, so no daylight-saving edges exist), and the overlap
/// rule, all fed the time as numbers: no clock, no waiting.
@Suite("Scheduler")
struct SchedulerTests {
    /// `2026-12-07T10:15:30Z` as UTC seconds.
    static func at(_ text: String) -> Int {
        let digits = text.split { !$0.isNumber }.compactMap { Int($0) }
        return CronSchedule.seconds(digits[0], digits[1], digits[2], digits[3], digits[4], digits.count > 5 ? digits[5] : 0)
    }

    static func cron(_ when: String) throws -> CronSchedule {
        let schedule = try Schedule.parse("job=\(when)").get()
        return try #require(CronSchedule(schedule))
    }

    @Test("the next run at or after a time, for each keyword, steps, lists, ranges and month, leap-year and year edges", arguments: [
        ("* * * * *", "2026-12-07T10:15:30Z", "2026-12-07T10:16:00Z"),
        ("* * * * *", "2026-12-07T10:16:00Z", "2026-12-07T10:16:00Z"),
        ("hourly", "2026-12-07T10:15:30Z", "2026-12-07T11:00:00Z"),
        ("daily", "2026-12-07T10:15:30Z", "2026-12-08T00:00:00Z"),
        ("daily", "2026-12-08T00:00:00Z", "2026-12-08T00:00:00Z"),
        ("weekly", "2026-12-07T10:15:30Z", "2026-12-13T00:00:00Z"),
        ("monthly", "2026-12-07T10:15:30Z", "2027-01-01T00:00:00Z"),
        ("MONTHLY", "2027-01-01T00:00:01Z", "2027-02-01T00:00:00Z"),
        ("*/15 * * * *", "2026-12-07T10:16:00Z", "2026-12-07T10:30:00Z"),
        ("*/15 * * * *", "2026-12-07T23:59:01Z", "2026-12-08T00:00:00Z"),
        ("5/20 * * * *", "2026-12-07T10:46:00Z", "2026-12-07T11:05:00Z"),
        ("0,30 9-17 * * *", "2026-12-07T17:31:00Z", "2026-12-08T09:00:00Z"),
        ("0,30 9-17 * * *", "2026-12-07T09:00:01Z", "2026-12-07T09:30:00Z"),
        ("30 3 * * *", "2026-12-31T03:30:01Z", "2027-01-01T03:30:00Z"),
        ("0 0 31 * *", "2027-01-31T00:00:01Z", "2027-03-31T00:00:00Z"),
        ("0 0 31 * *", "2027-04-01T00:00:00Z", "2027-05-31T00:00:00Z"),
        ("0 0 30 * *", "2027-01-30T12:00:00Z", "2027-03-30T00:00:00Z"),
        ("0 0 29 2 *", "2026-03-01T00:00:00Z", "2028-02-29T00:00:00Z"),
        ("0 0 29 2 *", "2096-03-01T00:00:00Z", "2104-02-29T00:00:00Z"),
        ("0 0 29 2 *", "2000-01-01T00:00:00Z", "2000-02-29T00:00:00Z"),
        ("0 0 1 3 *", "2028-02-28T00:00:01Z", "2028-03-01T00:00:00Z"),
        ("0 12 * * 1-5", "2026-12-11T13:00:00Z", "2026-12-14T12:00:00Z"),
        ("0 0 * * 7", "2026-12-07T00:00:00Z", "2026-12-13T00:00:00Z"),
        ("0 0 * * 0", "2026-12-13T00:00:00Z", "2026-12-13T00:00:00Z"),
        ("0 0 * * 6", "2026-12-27T00:00:00Z", "2027-01-02T00:00:00Z"),
        ("59 23 31 12 *", "2026-12-31T23:59:01Z", "2027-12-31T23:59:00Z"),
        ("0 0 1 1 *", "2026-12-07T10:15:30Z", "2027-01-01T00:00:00Z"),
        ("0 6 * 2 *", "2027-02-28T06:00:01Z", "2028-02-01T06:00:00Z"),
        ("0 6 * 2 *", "2028-02-28T06:00:01Z", "2028-02-29T06:00:00Z"),
    ])
    func nextRun(when: String, from: String, expected: String) throws {
        let next = try Self.cron(when).next(atOrAfter: Self.at(from))
        #expect(next.map(CronSchedule.iso8601) == expected)
    }

    @Test("a day that never comes gives no next run")
    func never() throws {
        #expect(try Self.cron("0 0 30 2 *").next(atOrAfter: Self.at("2026-12-07T00:00:00Z")) == nil)
        #expect(try Self.cron("0 0 31 4,6,9,11 *").next(atOrAfter: Self.at("2026-12-07T00:00:00Z")) == nil)
    }

    @Test("both day fields restricted match either, as cron does (the parser refuses it; the value keeps cron's rule)")
    func eitherDay() throws {
        let friday13 = try #require(CronSchedule(fields: ["0", "0", "13", "*", "5"]))
        // 2026-12-07 (Monday): Friday the 11th comes before the 13th.
        #expect(friday13.next(atOrAfter: Self.at("2026-12-07T00:00:00Z")).map(CronSchedule.iso8601) == "2026-12-11T00:00:00Z")
        #expect(friday13.next(atOrAfter: Self.at("2026-12-12T00:00:00Z")).map(CronSchedule.iso8601) == "2026-12-13T00:00:00Z")
    }

    @Test("the calendar: days and dates agree both ways across four centuries, and ISO text pads")
    func calendar() {
        for day in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(CronSchedule.days(CronSchedule.civil(day: day)) == day)
        }
        #expect(CronSchedule.civil(day: 0) == CronSchedule.Date(year: 1970, month: 1, day: 1))
        #expect(CronSchedule.weekday(day: 0) == 4)
        #expect(CronSchedule.iso8601(0) == "1970-01-01T00:00:00Z")
        #expect(CronSchedule.iso8601(1_796_601_600) == "2026-12-07T00:00:00Z")
        #expect(CronSchedule.iso8601(Self.at("2026-12-07T09:05:03Z")) == "2026-12-07T09:05:03Z")
    }

    @Test("each type is first due at or after the start, in type order; nothing is due before its time")
    func firstDue() throws {
        let start = Self.at("2026-12-07T10:15:30Z")
        var scheduler = Scheduler([try Schedule.parse("report=hourly").get(), try Schedule.parse("backup=* * * * *").get()], now: start)
        #expect(scheduler.entries.map(\.type) == ["backup", "report"])
        #expect(scheduler.next(of: "backup") == Self.at("2026-12-07T10:16:00Z"))
        #expect(scheduler.next(of: "report") == Self.at("2026-12-07T11:00:00Z"))
        #expect(scheduler.next(of: "web") == nil)
        #expect(scheduler.nextDue == Self.at("2026-12-07T10:16:00Z"))
        #expect(scheduler.due(now: start + 29, running: []) == [])
    }

    @Test("a due type runs once and its next run moves on; two due at once both run")
    func runs() throws {
        let start = Self.at("2026-12-07T10:59:30Z")
        var scheduler = Scheduler([try Schedule.parse("report=hourly").get(), try Schedule.parse("backup=* * * * *").get()], now: start)
        let eleven = Self.at("2026-12-07T11:00:00Z")
        #expect(scheduler.due(now: eleven, running: []) == [.run(type: "backup", due: eleven), .run(type: "report", due: eleven)])
        #expect(scheduler.due(now: eleven, running: []) == [])
        #expect(scheduler.next(of: "backup") == eleven + 60)
        #expect(scheduler.next(of: "report") == eleven + 3600)
        // The loop woke a little late: the run is still the one due at 11:01.
        #expect(scheduler.due(now: eleven + 61, running: []) == [.run(type: "backup", due: eleven + 60)])
        #expect(scheduler.next(of: "backup") == eleven + 120)
    }

    @Test("a run still going when the next is due is not started twice: the due time is skipped once, and the next one comes")
    func overlapSkipped() throws {
        let start = Self.at("2026-12-07T10:15:30Z")
        var scheduler = Scheduler([try Schedule.parse("backup=*/15 * * * *").get()], now: start)
        let due = Self.at("2026-12-07T10:30:00Z")
        #expect(scheduler.due(now: due, running: ["backup"]) == [.skip(type: "backup", due: due)])
        #expect(scheduler.due(now: due + 5, running: ["backup"]) == [])
        #expect(scheduler.next(of: "backup") == Self.at("2026-12-07T10:45:00Z"))
        // The long run ended meanwhile: the next due time runs.
        #expect(scheduler.due(now: Self.at("2026-12-07T10:45:00Z"), running: []) == [.run(type: "backup", due: Self.at("2026-12-07T10:45:00Z"))])
        // Another type running does not hold this one back.
        #expect(scheduler.due(now: Self.at("2026-12-07T11:00:00Z"), running: ["report"]) == [.run(type: "backup", due: Self.at("2026-12-07T11:00:00Z"))])
    }

    @Test("times missed while the supervisor was not looking (a suspended machine) give one run, then the schedule resumes after now")
    func missedTimes() throws {
        var scheduler = Scheduler([try Schedule.parse("backup=* * * * *").get()], now: Self.at("2026-12-07T10:15:30Z"))
        let woke = Self.at("2026-12-07T13:02:10Z")
        #expect(scheduler.due(now: woke, running: []) == [.run(type: "backup", due: Self.at("2026-12-07T10:16:00Z"))])
        #expect(scheduler.next(of: "backup") == Self.at("2026-12-07T13:03:00Z"))
    }

    @Test("a schedule that never comes is never due")
    func neverDue() throws {
        var scheduler = Scheduler([try Schedule.parse("backup=0 0 30 2 *").get()], now: 0)
        #expect(scheduler.nextDue == nil)
        #expect(scheduler.due(now: Self.at("2030-01-01T00:00:00Z"), running: []) == [])
    }
}
