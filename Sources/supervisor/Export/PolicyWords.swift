/// A `TypePolicy`'s values in the words the supervisor's own options take, for the commands
/// the exports write (`--stop-signal QUIT`, `-t 2.5`).
enum PolicyWords {
    /// A grace period in seconds as `-t` takes it: `30`, or `2.5` when it is not whole.
    static func seconds(_ milliseconds: Milliseconds) -> String {
        milliseconds % 1000 == 0 ? "\(milliseconds / 1000)" : "\(Double(milliseconds) / 1000)"
    }

    /// A signal as `--stop-signal` takes it: its name without `SIG` (`QUIT`), else its number.
    static func signal(_ signal: Int32) -> String {
        let name = SignalName.of(signal)
        return name.hasPrefix("SIG") ? String(name.dropFirst(3)) : String(signal)
    }

    /// A signal as systemd's `KillSignal=` takes it: `SIGQUIT`, else its number.
    static func systemdSignal(_ signal: Int32) -> String {
        let name = SignalName.of(signal)
        return name.hasPrefix("SIG") ? name : String(signal)
    }
}
