import Glibc

extension FormationRunner {
    /// The memory cap (`--memory-max`): once the lifecycle's sample is due, one pass over /proc
    /// for every run of a capped type, handed to the lifecycle as `.memory`. Nothing is read
    /// while no capped type runs (the lifecycle then has no sample due).
    func sampleMemory(now: Milliseconds) {
        guard let due = lifecycle.memorySampleDue, due <= now else { return }
        let usage = ProcessStats.resident(groups: Set(lifecycle.memoryGroups))
        perform(lifecycle.handle(.memory(usage, now: now)), now: now)
    }
}
