import Glibc

/// How lines look on a terminal: colours (a colour per process type) and timestamps.
struct TerminalStyle {
    var color: Bool
    var timestamps: Bool

    /// Colour when stdout is a TTY, unless `--no-color` or `NO_COLOR`; `FORCE_COLOR` forces it.
    static func resolve(noColor: Bool, noTimestamps: Bool, environment: [String: String], fd: Int32 = 1) -> TerminalStyle {
        let color: Bool
        if noColor || !(environment["NO_COLOR"] ?? "").isEmpty {
            color = false
        } else if let force = environment["FORCE_COLOR"], !force.isEmpty, force != "0" {
            color = true
        } else {
            color = isatty(fd) == 1
        }
        return TerminalStyle(color: color, timestamps: !noTimestamps)
    }

    /// ANSI colours cycled by process type (cyan, yellow, green, magenta, blue, and bright ones).
    static let palette: [String] = ["36", "33", "32", "35", "34", "96", "93", "92", "95", "94"]

    func colorCode(forTypeIndex index: Int) -> String {
        Self.palette[index % Self.palette.count]
    }

    func sgr(_ code: String) -> String { color ? "\u{1B}[\(code)m" : "" }
    var reset: String { color ? "\u{1B}[0m" : "" }
}
