/// Quoting for systemd unit files, where `%` starts a specifier and `$` an expansion.
enum SystemdQuoting {
    /// One word of an `ExecStart=` command line, double-quoted when it needs to be.
    static func word(_ word: String) -> String {
        let escaped = word.replacing("%", with: "%%").replacing("$", with: "$$")
        let safe = !word.isEmpty && word.unicodeScalars.allSatisfy { scalar in
            (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
                || "-_./=:,@+%$".unicodeScalars.contains(scalar)
        }
        if safe { return escaped }
        return "\"" + escaped.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
    }

    /// A `KEY="value"` line of an `EnvironmentFile=` (double quotes keep spaces and newlines;
    /// `\`, `"`, `$` and backquote are escaped).
    static func environmentLine(_ key: String, _ value: String) -> String {
        var out = ""
        for character in value {
            if "\\\"$`".contains(character) { out.append("\\") }
            out.append(character)
        }
        return "\(key)=\"\(out)\""
    }
}
