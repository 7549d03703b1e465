import Glibc

/// Admin types (formation count 0) as jobs: each has one instance (`backup-job.1`) that is held
/// until a schedule or `supervisor trigger` asks for a run. A run is spawned, logged, reaped and
/// stopped like any instance; its end is a value (the last run's status), never a reason to
/// restart it or to stop the formation, whatever the type's restart policy says. The overlap
/// rule (one run of a type at a time) is the runner's to apply before it asks (`isJobBusy`).
extension Lifecycle {
    /// The job instance of `type` that takes runs now (not retired by a scale-up of its type).
    func job(of type: String) -> Int? {
        instances.firstIndex { $0.isJob && !$0.retired && $0.type == type }
    }

    /// Whether the job has a run going, or one asked for and not spawned yet.
    func isJobBusy(_ index: Int) -> Bool {
        instances[index].pid != nil || !instances[index].held
    }

    /// A run of the job, started as soon as its type's dependencies allow (at once, usually).
    /// A job already busy is left alone: the runner refused or skipped that request.
    mutating func trigger(_ index: Int, now: Milliseconds) {
        guard instances[index].isJob, !instances[index].retired, !isJobBusy(index) else { return }
        instances[index].held = false
        instances[index].finished = false
        instances[index].startAt = now
    }

    /// A job's run ended (or could not start): held again until the next schedule or trigger.
    mutating func jobEnded(_ index: Int) {
        instances[index].held = true
        instances[index].startAt = nil
        instances[index].consecutiveFailures = 0
        instances[index].waitingFor = []
    }

    /// After a scale: a type scaled up from 0 runs as instances, so its job takes no runs
    /// (retired); scaled back to 0, its job takes runs again (unless a reload removed its type).
    mutating func retireScaledJobs() {
        for index in instances.indices where instances[index].isJob {
            let type = instances[index].type
            instances[index].retired = removedTypes.contains(type) || instances.contains { !$0.isJob && !$0.retired && $0.type == type }
        }
    }
}

extension SupervisedInstance {
    /// The one instance of an admin type (`backup-job.1`): held until a run is asked for.
    static func job(name: String, type: String, typeIndex: Int, port: Int, command: String) -> SupervisedInstance {
        var instance = SupervisedInstance(name: name, type: type, typeIndex: typeIndex, port: port, command: command)
        instance.isJob = true
        instance.held = true
        return instance
    }
}
