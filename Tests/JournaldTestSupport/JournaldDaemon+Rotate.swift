import Foundation

extension JournaldDaemon {
    /// journald touches this file when a rotation it was asked for (SIGUSR2) is done.
    public static let rotatedMarker = "/run/systemd/journal/rotated"

    /// Asks the running journald to start new journal files (SIGUSR2, what `journalctl --rotate`
    /// asks systemd to send) and waits until it says it has.
    ///
    /// A test that writes many entries calls this first, so they land in a fresh file that has
    /// room for all of them. When a file fills up in the middle of an entry, journald (252 and
    /// later, systemd/systemd#29016) may leave that entry half indexed in the full file and write
    /// it again to the next one: a query by field then returns it twice, a duplicate the
    /// supervisor never sent.
    public static func rotate(seconds: Double = 10) async throws {
        guard let pid = runningPID() else {
            throw JournalRotationError(reason: "no systemd-journald process is running")
        }
        // A journald just started opens its sockets before it takes SIGUSR2 (sd-event blocks the
        // signal and reads it from a signalfd); sent earlier, the signal's default action ends it.
        let deadline = Date().addingTimeInterval(seconds)
        while !handlesSignal(pid, SIGUSR2) {
            guard Date() < deadline else {
                throw JournalRotationError(reason: "journald (PID \(pid)) did not block or catch SIGUSR2 within \(seconds) s")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        let before = try? String(contentsOfFile: rotatedMarker, encoding: .utf8)
        guard kill(pid, SIGUSR2) == 0 else {
            throw JournalRotationError(reason: "kill(\(pid), SIGUSR2) failed: errno \(errno)")
        }
        // Looks once more after the deadline: a wait resumed late (a busy machine) still sees it.
        while true {
            let now = try? String(contentsOfFile: rotatedMarker, encoding: .utf8)
            if now != nil && now != before { return }
            guard Date() < deadline else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw JournalRotationError(reason: "journald (PID \(pid)) did not update \(rotatedMarker) within \(seconds) s")
    }

    /// Whether `pid` blocks or catches `signal` (the SigBlk and SigCgt masks of /proc/PID/status).
    static func handlesSignal(_ pid: pid_t, _ signal: Int32) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return false }
        let bit = UInt64(1) << UInt64(signal - 1)
        return status.split(separator: "\n").contains { line in
            guard line.hasPrefix("SigBlk:") || line.hasPrefix("SigCgt:"),
                  let mask = UInt64(line.dropFirst("SigBlk:".count).trimmingCharacters(in: .whitespaces), radix: 16)
            else { return false }
            return mask & bit != 0
        }
    }

    /// The PID of the systemd-journald on this machine (its comm is cut to 15 bytes).
    public static func runningPID() -> pid_t? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return nil }
        for name in names {
            guard let pid = pid_t(name),
                  let comm = try? String(contentsOfFile: "/proc/\(name)/comm", encoding: .utf8)
            else { continue }
            if comm.trimmingCharacters(in: .newlines) == "systemd-journal" { return pid }
        }
        return nil
    }
}
