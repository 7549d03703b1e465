import Foundation

/// The parts of a Markdown file the drift tests read: headings, tables, links; outside code fences.
struct MarkdownText {
    let path: String
    /// The lines, those of code blocks (fences included) blanked: line numbers stay true.
    let lines: [String]
    /// The whole file, code blocks included.
    let raw: String

    init(path: String) throws {
        self.path = path
        raw = try String(contentsOfFile: path, encoding: .utf8)
        var inFence = false
        var kept: [String] = []
        for line in raw.components(separatedBy: "\n") {
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") {
                inFence.toggle()
                kept.append("")
                continue
            }
            kept.append(inFence ? "" : line)
        }
        lines = kept
    }

    /// The anchors GitHub gives the headings: lower-case, spaces to '-', punctuation dropped except
    /// '-' and '_', inline markup reduced to its text; a repeated slug gets -1, -2...
    var anchors: Set<String> {
        var seen: [String: Int] = [:]
        var result: Set<String> = []
        for line in lines where line.hasPrefix("#") {
            let title = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
            let slug = Self.slug(title)
            let count = seen[slug, default: 0]
            result.insert(count == 0 ? slug : "\(slug)-\(count)")
            seen[slug] = count + 1
        }
        return result
    }

    static func slug(_ heading: String) -> String {
        // A link in a heading renders as its text.
        let text = heading.replacingOccurrences(of: #"\[([^\]]*)\]\([^)]*\)"#, with: "$1", options: .regularExpression)
        return String(text.lowercased().compactMap { character -> Character? in
            if character == " " { return "-" }
            if character.isLetter || character.isNumber || character == "-" || character == "_" { return character }
            return nil
        })
    }

    /// The lines of the section under the first heading that contains `heading`, up to the next
    /// heading of the same or a higher level.
    func section(_ heading: String) -> [String] {
        guard let start = lines.firstIndex(where: { $0.hasPrefix("#") && $0.contains(heading) }) else { return [] }
        let level = lines[start].prefix { $0 == "#" }.count
        let rest = lines[(start + 1)...]
        let end = rest.firstIndex { line in
            line.hasPrefix("#") && line.prefix { $0 == "#" }.count <= level
        } ?? lines.endIndex
        return Array(lines[(start + 1)..<end])
    }

    /// The rows of the first table after the line that contains `marker` (header and rule excluded).
    func table(after marker: String) -> [String] {
        guard let start = lines.firstIndex(where: { $0.contains(marker) }) else { return [] }
        let rows = lines[(start + 1)...].drop { !$0.hasPrefix("|") }.prefix { $0.hasPrefix("|") }
        return Array(rows.dropFirst(2))
    }

    /// Relative link targets, `[text](target)` and `[label]: target`, with the line of each.
    var relativeLinks: [(line: Int, target: String)] {
        var links: [(Int, String)] = []
        let inline = try! NSRegularExpression(pattern: #"\]\(([^)\s]+)(?:\s+"[^"]*")?\)"#)
        let reference = try! NSRegularExpression(pattern: #"^\s*\[[^\]]+\]:\s*(\S+)"#)
        for (index, line) in lines.enumerated() {
            // Inline code is not a link: `[a](b)` in backticks stays text.
            let prose = line.replacingOccurrences(of: "`[^`]*`", with: "``", options: .regularExpression)
            let range = NSRange(prose.startIndex..., in: prose)
            for regex in [inline, reference] {
                for match in regex.matches(in: prose, range: range) {
                    guard let found = Range(match.range(at: 1), in: prose) else { continue }
                    let target = String(prose[found]).trimmingCharacters(in: CharacterSet(charactersIn: "<>"))
                    if target.contains("://") || target.hasPrefix("mailto:") { continue }
                    links.append((index + 1, target))
                }
            }
        }
        return links
    }
}
