import Foundation

/// What a command's `--help` (ArgumentParser's layout) names: its subcommands and long options.
enum HelpText {
    /// The names in the `SUBCOMMANDS:` section (two spaces, a name, then its abstract).
    static func subcommands(_ help: String) -> [String] {
        lines(of: "SUBCOMMANDS", in: help).compactMap { line in
            guard line.hasPrefix("  "), !line.hasPrefix("   ") else { return nil }
            let name = line.dropFirst(2).prefix { !$0.isWhitespace }
            // A name is lower-case (the section ends with "  See 'supervisor help <subcommand>'").
            let isName = !name.isEmpty && name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" } && name.first != "-"
            return isName ? String(name) : nil
        }
    }

    /// The `--long` names in the `OPTIONS:` section, from each option's own line (not its help text).
    static func longOptions(_ help: String) -> [String] {
        lines(of: "OPTIONS", in: help).flatMap { line -> [String] in
            // An option's own line is indented two spaces; its help's lines further.
            guard line.hasPrefix("  -") else { return [] }
            let trimmed = line.dropFirst(2)
            // The option's names end where two spaces start its help (or at the line's end).
            let names = trimmed.components(separatedBy: "  ").first ?? ""
            return names.split(whereSeparator: { $0 == "," || $0 == " " })
                .filter { $0.hasPrefix("--") }
                .map { String($0.prefix { $0 != "=" && $0 != "<" }) }
        }
    }

    /// The lines of one section: from `NAME:` to the next line that starts a section.
    private static func lines(of section: String, in help: String) -> [String] {
        var inside = false
        var found: [String] = []
        for line in help.components(separatedBy: "\n") {
            if let first = line.first, !first.isWhitespace {
                inside = line.hasPrefix(section + ":")
                continue
            }
            if inside { found.append(line) }
        }
        return found
    }
}
