/// When each scheduled admin type runs next, as a value fed the time (UTC seconds since the
/// epoch): `supervisor start --schedule TYPE=WHEN` asks it once per loop turn what is due. It
/// reads no clock, so its tables (`SchedulerTests`) need none.
///
/// The overlap rule is Kubernetes' `concurrencyPolicy: Forbid` (and an ECS scheduled rule's
/// behaviour for a task still running): a run that is still going when the next is due is not
/// started twice; that due time is reported once as skipped and the next one is computed.
/// Due times missed while the supervisor was not looking (a suspended laptop) give one run,
/// not one per missed time, as cron does.
struct Scheduler: Equatable, Sendable {
    struct Entry: Equatable, Sendable {
        let schedule: Schedule
        let cron: CronSchedule
        /// The next due time, or nil when the schedule never comes again (`0 0 30 2 *`).
        var next: Int?

        var type: String { schedule.type }
    }

    /// What to do about a due time.
    enum Decision: Equatable, Sendable {
        /// Start a run of the type (it was due at `due`).
        case run(type: String, due: Int)
        /// A run of the type is still going: this due time is skipped.
        case skip(type: String, due: Int)
    }

    private(set) var entries: [Entry]

    /// The schedules (in type order), each first due at or after `now`.
    init(_ schedules: [Schedule], now: Int) {
        entries = schedules.sorted { $0.type < $1.type }.compactMap { schedule in
            CronSchedule(schedule).map { Entry(schedule: schedule, cron: $0, next: $0.next(atOrAfter: now)) }
        }
    }

    /// The decisions for every type due at `now`; each due time is decided once and the type's
    /// next due time moves past `now`. `running`: the types with a run going.
    mutating func due(now: Int, running: Set<String>) -> [Decision] {
        var decisions: [Decision] = []
        for index in entries.indices {
            guard let due = entries[index].next, due <= now else { continue }
            let type = entries[index].type
            decisions.append(running.contains(type) ? .skip(type: type, due: due) : .run(type: type, due: due))
            entries[index].next = entries[index].cron.next(atOrAfter: max(due, now) + 1)
        }
        return decisions
    }

    /// The earliest due time of any type, for the loop's timeout.
    var nextDue: Int? { entries.compactMap(\.next).min() }

    /// The type's next due time (nil: not scheduled, or never again).
    func next(of type: String) -> Int? {
        entries.first { $0.type == type }?.next
    }

    /// The type's schedule, if it has one.
    func schedule(of type: String) -> Schedule? {
        entries.first { $0.type == type }?.schedule
    }
}
