import Glibc

/// `--watch`: a change to a type's watched paths restarts its instances one at a time, on the
/// path a control `restart TYPE` takes (rolling on a `--socket`), after a quiet period
/// (`WatchDebounce`). Only the type's own instances restart: nothing that depends on it or that
/// it depends on (a `release` is not run again).
extension FormationRunner {
    /// Opens the watches of `options.watches`; a failure is a warning, the formation runs unwatched.
    func openWatches() {
        guard !options.watches.isEmpty else { return }
        do {
            let paths = try WatchedPaths(Self.targets(options.watches))
            try loop.add(paths.fd)
            watchedPaths = paths
            for warning in paths.arm() { sink.event(.warning(warning)) }
        } catch {
            sink.event(.warning("\(error.description): --watch is off, files are not watched"))
        }
        watchDebounces = Dictionary(uniqueKeysWithValues: options.watches.keys.map { ($0, WatchDebounce()) })
    }

    /// Watches these paths instead (a reload read another `FORMATION_WATCH`): changes already
    /// seen for a type still watched keep their restart; an empty list ends the watching.
    func updateWatches(_ watches: [String: [String]]) {
        options.watches = watches
        watchDebounces = watchDebounces.filter { watches[$0.key] != nil }
        for type in watches.keys where watchDebounces[type] == nil { watchDebounces[type] = WatchDebounce() }
        guard let paths = watchedPaths else {
            openWatches()
            return
        }
        for warning in paths.replace(Self.targets(watches)) { sink.event(.warning(warning)) }
    }

    /// The watch descriptor has events: each change feeds its type's debounce.
    func readWatches(now: Milliseconds) {
        guard let paths = watchedPaths else { return }
        let (changes, warnings) = paths.read()
        for warning in warnings { sink.event(.warning(warning)) }
        for change in changes {
            watchDebounces[change.type]?.changed(shown(change.path), now: now)
        }
    }

    /// Asks for the restarts that are due: each type whose changes are quiet (or waited long
    /// enough) and that is not restarting already.
    func restartWatched(now: Milliseconds) {
        guard lifecycle.isRunning else { return }
        for type in watchDebounces.keys.sorted() where watchDebounces[type]?.isWaiting == true {
            guard let trigger = watchDebounces[type]?.due(now: now, restarting: isRestarting(type)) else { continue }
            let indices = lifecycle.instances.indices.filter { index in
                let instance = lifecycle.instances[index]
                return instance.type == type && !instance.retired && !instance.isJob
            }
            sink.event(.watchRestart(
                type: type, paths: trigger.paths, changes: trigger.changes, instances: indices.map { lifecycle.instances[$0].name }))
            if !indices.isEmpty { perform(lifecycle.handle(.request(.restart(indices), now: now)), now: now) }
        }
    }

    /// When the next watched restart is due (nil: none waits, its type is restarting, or the
    /// formation stops and restarts nothing).
    func watchDeadline() -> Milliseconds? {
        guard lifecycle.isRunning else { return nil }
        return watchDebounces.compactMap { type, debounce in
            debounce.isWaiting ? debounce.deadline(restarting: isRestarting(type)) : nil
        }.min()
    }

    /// Whether a restart of `type` is queued or in progress, whoever asked for it.
    private func isRestarting(_ type: String) -> Bool {
        if let index = lifecycle.restarting, lifecycle.instances[index].type == type { return true }
        if lifecycle.restartQueue.contains(where: { lifecycle.instances[$0].type == type }) { return true }
        return lifecycle.instances.contains { instance in
            instance.type == type && (instance.replacementDue || instance.replacement != nil || instance.restartAfterStop)
        }
    }

    /// A path as the report shows it: relative to the root when inside it.
    private func shown(_ path: String) -> String {
        let root = options.directory.hasSuffix("/") ? options.directory : options.directory + "/"
        return path.hasPrefix(root) && path.count > root.count ? String(path.dropFirst(root.count)) : path
    }

    private static func targets(_ watches: [String: [String]]) -> [WatchedPaths.Target] {
        watches.keys.sorted().flatMap { type in (watches[type] ?? []).map { WatchedPaths.Target(type: type, path: $0) } }
    }
}
