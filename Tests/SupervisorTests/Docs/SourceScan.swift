import Foundation

/// What the sources say the drift tests must find documented, read from the Swift files
/// themselves so that a new variable, status or MESSAGE_ID cannot be added unseen.
enum SourceScan {
    struct Variable: Hashable {
        let name: String
        /// Where it is read: `Sources/web/WebSettings.swift:25`.
        let place: String
        /// The target (the folder under Sources/).
        let target: String
    }

    /// Swift files under `directory`, with their lines (comment lines blanked).
    static func files(under directory: String) -> [(path: String, lines: [String])] {
        let manager = FileManager.default
        guard let walker = manager.enumerator(atPath: directory) else { return [] }
        var found: [(String, [String])] = []
        for case let relative as String in walker where relative.hasSuffix(".swift") {
            let path = directory + "/" + relative
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            let lines = text.components(separatedBy: "\n").map { line in
                line.trimmingCharacters(in: .whitespaces).hasPrefix("//") ? "" : line
            }
            found.append((path, lines))
        }
        return found.sorted { $0.0 < $1.0 }
    }

    /// Environment variables the code reads (each place it reads one): every whole string literal that looks like a
    /// variable's name (`PORT`, `AWS_REGION`, `ConfigApp`) on a line that touches the environment
    /// (`environment`, `variables[`, `getenv(`, `first(of:`) or on the line before one (a `for name
    /// in [...]` whose body reads it), plus every `"FORMATION_..."` literal (PolicyOptions.names,
    /// ExportPlan's list of the formation's own variables).
    static func environmentVariables(root: String) -> [Variable] {
        let touches = ["environment", "Environment", "variables[", "getenv(", "first(of:"]
        let literal = try! NSRegularExpression(pattern: #""([A-Z][A-Za-z0-9_]*)""#)
        var seen: [Variable] = []
        for (path, lines) in files(under: root + "/Sources") {
            let target = path.dropFirst(root.count + "/Sources/".count).prefix { $0 != "/" }
            for (index, line) in lines.enumerated() {
                let next = index + 1 < lines.count ? lines[index + 1] : ""
                let reads = touches.contains { line.contains($0) || next.contains($0) }
                for match in literal.matches(in: line, range: NSRange(line.startIndex..., in: line)) {
                    guard let range = Range(match.range(at: 1), in: line) else { continue }
                    let name = String(line[range])
                    // `environment["PS"] = ...` sets a child's variable; it reads nothing.
                    let after = line[range.upperBound...].dropFirst()
                    if after.hasPrefix("] =") && !after.hasPrefix("] ==") { continue }
                    let variableLike = name.allSatisfy { $0.isUppercase || $0.isNumber || $0 == "_" }
                        || name.range(of: #"^Config[A-Z][a-z]+$"#, options: .regularExpression) != nil
                    guard variableLike, name.count > 1 else { continue }
                    guard reads || name.hasPrefix("FORMATION_") else { continue }
                    let place = "\(path.dropFirst(root.count + 1)):\(index + 1)"
                    seen.append(Variable(name: name, place: place, target: String(target)))
                }
            }
        }
        return seen
    }

    /// The exit statuses the supervisor's code names: SysExit's constants and CommandSupport's
    /// own (`static let refused: Int32 = 1`, `static let unavailable = SysExit.unavailable`).
    static func exitStatuses(root: String) throws -> [(name: String, status: Int32)] {
        let sysExit = try String(contentsOfFile: root + "/Sources/ExitCodes/SysExit.swift", encoding: .utf8)
        var constants: [String: Int32] = [:]
        var found: [(String, Int32)] = []
        for match in matches(#"static let (\w+): Int32 = (\d+)"#, in: sysExit) {
            guard let value = Int32(match[2]) else { continue }
            constants[match[1]] = value
            found.append(("SysExit.\(match[1])", value))
        }
        let support = try String(contentsOfFile: root + "/Sources/supervisor/Commands/CommandSupport.swift", encoding: .utf8)
        for match in matches(#"static let (\w+)(?:: Int32)? = (?:SysExit\.(\w+)|(\d+))"#, in: support) {
            guard let value = constants[match[2]] ?? Int32(match[3]) else { continue }
            found.append(("CommandSupport.\(match[1])", value))
        }
        return found
    }

    /// `(name, id)` of every journald MESSAGE_ID.
    static func messageIDs(root: String) throws -> [(name: String, id: String)] {
        let text = try String(contentsOfFile: root + "/Sources/supervisor/Output/Journald/JournalMessageID.swift", encoding: .utf8)
        return matches(#"static let (\w+) = "([0-9a-f]{32})""#, in: text).map { ($0[1], $0[2]) }
    }

    /// Each match's groups as strings ("" for a group that did not take part).
    static func matches(_ pattern: String, in text: String) -> [[String]] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            (0..<match.numberOfRanges).map { group in
                Range(match.range(at: group), in: text).map { String(text[$0]) } ?? ""
            }
        }
    }
}
