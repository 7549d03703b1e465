import Procfile

/// What the systemd export adds to `APP.env` beyond the `.env` files: the variables a Procfile
/// command uses that the exporting environment sets. `start` hands its children the real
/// environment, but a unit starts in systemd's own, so without them a command such as
/// `exec ${BIN_DIR:-.build/release}/web` falls back to its default on the host and the unit fails
/// with 127. The export runs on the host the units run on (`EnvironmentFile=` names `APP.env`
/// by its path), so the exporting environment is the host's. Pure.
struct SystemdHostEnvironment {
    /// Keys and values to write, sorted by key.
    var carried: [(key: String, value: String)] = []
    /// Variables some command uses that neither a `.env` file nor the exporting environment
    /// sets: each with the first type whose command uses it, for one warning line.
    var unset: [(key: String, type: String)] = []

    /// Names systemd or `supervisor run` set in a unit themselves (`PATH`, `HOME` and `USER` of
    /// `User=`, `PORT` from `Environment=`, the notify and socket protocols, the shell's own):
    /// the exporting shell's values of these would be wrong on the unit.
    static let managedKeys: Set<String> = [
        "PORT", "PS", "PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "TERM", "PWD", "OLDPWD", "IFS", "HOSTNAME",
        "INVOCATION_ID", "JOURNAL_STREAM", "NOTIFY_SOCKET", "MAINPID", "MANAGERPID", "LISTEN_FDS", "LISTEN_PID",
        "LISTEN_FDNAMES", "WATCHDOG_USEC", "WATCHDOG_PID", "RUNTIME_DIRECTORY", "STATE_DIRECTORY", "CACHE_DIRECTORY",
        "LOGS_DIRECTORY", "CONFIGURATION_DIRECTORY", "CREDENTIALS_DIRECTORY", "SERVICE_RESULT", "EXIT_CODE", "EXIT_STATUS",
    ]

    /// The variables of `types`' commands, given the layered `variables` and the `.env` files'
    /// `fileKeys` (exported already, or consumed as engine settings).
    static func make(types: [ProcessType], variables: [String: String], fileKeys: [String]) -> SystemdHostEnvironment {
        var result = SystemdHostEnvironment()
        var seen = Set(fileKeys).union(managedKeys).union(ExportPlan.consumedKeys)
        for type in types {
            for key in references(in: type.command) where !seen.contains(key) {
                seen.insert(key)
                if let value = variables[key] {
                    result.carried.append((key: key, value: value))
                } else {
                    result.unset.append((key: key, type: type.name))
                }
            }
        }
        result.carried.sort { $0.key < $1.key }
        return result
    }

    /// The warning for a variable set nowhere: the unit would see it unset, where `start` run
    /// from a shell that sets it would not.
    static func warning(key: String, type: String) -> String {
        "systemd: \(type)'s command uses $\(key), which no .env file and not this environment sets, so its units run without it (a ${\(key):-default} falls back to the default); set it for the export (\(key)=VALUE supervisor export systemd ...) or in a .env file"
    }

    /// The names a shell command expands: `$NAME` and `${NAME...}`, outside single quotes and
    /// not after a backslash (`$$`, `$1`, `$?` are the shell's own), in order of first use.
    static func references(in command: String) -> [String] {
        let scalars = Array(command.unicodeScalars)
        var names: [String] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if scalar == "\\" {
                index += 1
            } else if scalar == "'" {
                while index < scalars.count && scalars[index] != "'" { index += 1 }
                index += 1
            } else if scalar == "$", index < scalars.count {
                let braced = scalars[index] == "{"
                var end = braced ? index + 1 : index
                guard end < scalars.count, scalars[end] == "_" || isLetter(scalars[end]) else { continue }
                let start = end
                while end < scalars.count && (scalars[end] == "_" || isLetter(scalars[end]) || isDigit(scalars[end])) { end += 1 }
                let name = String(String.UnicodeScalarView(scalars[start..<end]))
                if !names.contains(name) { names.append(name) }
                index = end
            }
        }
        return names
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar >= "0" && scalar <= "9" }
}
