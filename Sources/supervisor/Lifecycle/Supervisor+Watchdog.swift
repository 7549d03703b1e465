extension Supervisor {
    /// The watchdog died (killed by someone, the OOM killer): say so, start a new one and hand
    /// it every group that is still ours, so that a later `kill -9` of the supervisor still
    /// stops them.
    func replaceWatchdog(after status: TerminationStatus) {
        guard let old = watchdog else { return }
        old.abandon()
        watchdog = nil
        do {
            let fresh = try Watchdog.start(gracePeriodMilliseconds: options.gracePeriodMilliseconds)
            for (pgid, _) in liveGroups() { fresh.watch(group: pgid) }
            watchdog = fresh
            sink.event(.warning("the watchdog (pid \(old.pid)) \(status): started a new one (pid \(fresh.pid))"))
        } catch {
            sink.event(.warning("the watchdog (pid \(old.pid)) \(status) and a new one cannot start (\(error.description)): if the supervisor is killed outright, its processes keep running"))
        }
    }
}
