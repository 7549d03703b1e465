/// A `TypePolicy`'s signals in the words the supervisor's own options and systemd take, for
/// the files the exports write (`--stop-signal QUIT`, `KillSignal=SIGQUIT`); grace periods are
/// `SecondsText`.
enum PolicyWords {
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
