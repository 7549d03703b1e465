import ArgumentParser

/// `start --sighup`: what SIGHUP means to a running formation.
enum SighupMode: String, CaseIterable, ExpressibleByArgument {
    /// Read the files again and apply the difference, as `supervisor reload` (systemd's convention).
    case reload
    /// Stop the formation, as foreman does and as a terminal hanging up means.
    case stop
    /// `stop` when the supervisor has a controlling terminal (SIGHUP is then its hang-up), else `reload`.
    case auto

    /// The mode in effect: `auto` resolved by whether the supervisor has a controlling terminal.
    func resolved(hasTerminal: Bool) -> SighupMode {
        self == .auto ? (hasTerminal ? .stop : .reload) : self
    }
}
