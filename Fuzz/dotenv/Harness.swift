// libFuzzer target for DotEnvParser.parse (Sources/Procfile/DotEnvParser.swift, DotEnvReader*).
//
// Properties, for any input decoded as UTF-8 (parsed with a small fixed process environment
// and inherited values, so that expansions resolve to something):
// - parse never traps (and never recurses itself to death on nested `${A:-${B:-...}}`);
// - a ProcfileError has diagnostics naming the file, each at a line:column inside the input
//   (a column may point just past the end of its line), in line order;
// - entries have keys matching [A-Za-z_][A-Za-z0-9_.]* and increasing line numbers that exist
//   in the input;
// - rendering the entries as `KEY="value"` lines (escaping \ " $ and newlines) and parsing that
//   without any environment gives the same keys and values, on lines 1...n.

private let fileName = ".env.fuzz"
private let environment = ["A": "x", "EMPTY": "", "HOME": "/home/fuzz", "A.B": "dotted", "PATH": "/usr/bin"]
private let inherited = ["B": "inherited", "PATH": "/bin", "C": "${A}"]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDotEnv(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = inputText(data, size)
    let lines = LineModel(text)
    let entries: [DotEnvEntry]
    do {
        entries = try DotEnvParser.parse(text, file: fileName, environment: environment, inherited: inherited)
    } catch {
        checkDiagnostics(error, file: fileName) { lines.contains(line: $0.line, column: $0.column) }
        return 0
    }
    checkEntries(entries, lines: lines)
    checkRoundTrip(entries)
    return 0
}

private func isKey(_ key: String) -> Bool {
    let scalars = Array(key.unicodeScalars)
    guard let first = scalars.first else { return false }
    func isStart(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "a"..."z", "A"..."Z", "_": true
        default: false
        }
    }
    return isStart(first) && scalars.allSatisfy { isStart($0) || ("0"..."9").contains($0) || $0 == "." }
}

private func checkEntries(_ entries: [DotEnvEntry], lines: LineModel) {
    var previousLine = 0
    for entry in entries {
        require(isKey(entry.key), "invalid key accepted: \(entry)")
        require(entry.line > previousLine, "entry lines not increasing: \(entries)")
        require(lines.contains(line: entry.line, column: 1), "entry line outside the input: \(entry)")
        previousLine = entry.line
    }
}

/// `KEY="value"` with everything the double-quoted form interprets escaped.
private func render(_ entry: DotEnvEntry) -> String {
    var value = ""
    for scalar in entry.value.unicodeScalars {
        switch scalar {
        case "\\": value += "\\\\"
        case "\"": value += "\\\""
        case "$": value += "\\$"
        case "\n": value += "\\n"
        case "\r": value += "\\r"
        default: value.unicodeScalars.append(scalar)
        }
    }
    return "\(entry.key)=\"\(value)\""
}

private func checkRoundTrip(_ entries: [DotEnvEntry]) {
    let rendered = entries.map(render).joined(separator: "\n")
    let expected = entries.enumerated().map { index, entry in
        DotEnvEntry(key: entry.key, value: entry.value, line: index + 1)
    }
    do {
        let again = try DotEnvParser.parse(rendered, file: fileName)
        require(again == expected,
                "round trip changed the entries: \(expected) -> \(String(reflecting: rendered)) -> \(again)")
    } catch {
        require(false, "rendered .env \(String(reflecting: rendered)) does not parse: \(error)")
    }
}
