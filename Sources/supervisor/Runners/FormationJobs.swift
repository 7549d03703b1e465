/// What `supervisor start` keeps about its admin types' runs besides the lifecycle's view: the
/// schedule, each type's current or last run in wall-clock terms, the `trigger` requests
/// waiting for their run to end, and the command line of a triggered run with arguments.
struct FormationJobs {
    /// Made from the policy's schedules at the first loop turn (it needs the wall clock).
    var scheduler: Scheduler?
    /// Each admin type's run going now, and its last run that ended.
    var current: [String: Scheduler.Run] = [:]
    var last: [String: Scheduler.Run] = [:]
    /// `trigger` requests answered when the named instance's run ends.
    var waiting: [(client: ControlClient, instance: String)] = []
    /// The next run's command line of a job instance, when a trigger appended arguments.
    var commands: [Int: String] = [:]
    /// The wall clock (UTC milliseconds) read this turn, and the loop's monotonic time then.
    var wallMilliseconds = 0
    var readAt: Milliseconds = 0

    /// UTC seconds at the loop's monotonic time `now` of this turn.
    func wallSeconds(at now: Milliseconds) -> Int {
        CronSchedule.floorDivide(wallMilliseconds + Int(now - readAt), 1000)
    }
}
