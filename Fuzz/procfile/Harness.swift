// libFuzzer target for ProcfileParser.parse (Sources/Procfile/ProcfileParser.swift).
//
// Properties, for any input decoded as UTF-8:
// - parse never traps; it returns a Procfile or throws a ProcfileError;
// - a ProcfileError has diagnostics naming the file, each at a line:column inside the input
//   (a column may point just past the end of its line), in line order;
// - a Procfile has at least one process type; names are non-empty, made of [A-Za-z0-9_-] and
//   unique; commands are non-empty, without newline and without blanks at either end; line
//   numbers increase and exist in the input; processType(named:) finds each type;
// - rendering the Procfile as `name: command` lines (CRLF-separated, so a command ending in a
//   lone CR survives) parses back to the same names and commands, on lines 1...n.

private let fileName = "Procfile.fuzz"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProcfile(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = inputText(data, size)
    let lines = LineModel(text)
    let procfile: Procfile
    do {
        procfile = try ProcfileParser.parse(text, file: fileName)
    } catch {
        checkDiagnostics(error, file: fileName) { lines.contains(line: $0.line, column: $0.column) }
        return 0
    }
    checkProcfile(procfile, lines: lines)
    checkRoundTrip(procfile)
    return 0
}

private func checkProcfile(_ procfile: Procfile, lines: LineModel) {
    require(!procfile.processTypes.isEmpty, "a Procfile without process types")
    var seen: Set<String> = []
    var previousLine = 0
    for type in procfile.processTypes {
        let name = Array(type.name.unicodeScalars)
        let command = Array(type.command.unicodeScalars)
        require(!name.isEmpty && name.allSatisfy(isProcessNameScalar), "invalid name accepted: \(type)")
        require(seen.insert(type.name).inserted, "duplicate name accepted: \(type)")
        require(!command.isEmpty, "empty command accepted: \(type)")
        require(!command.contains("\n"), "command spans lines: \(type)")
        if let first = command.first, let last = command.last {
            require(!isBlankScalar(first) && !isBlankScalar(last), "command not trimmed: \(type)")
        }
        require(type.line > previousLine, "lines not increasing: \(procfile.processTypes)")
        require(lines.contains(line: type.line, column: 1), "line \(type.line) outside the input: \(type)")
        require(procfile.processType(named: type.name) == type, "processType(named:) misses \(type)")
        previousLine = type.line
    }
    require(procfile.names == procfile.processTypes.map(\.name), "names out of order")
}

private func checkRoundTrip(_ procfile: Procfile) {
    let rendered = procfile.processTypes.map { "\($0.name): \($0.command)" }.joined(separator: "\r\n")
    let expected = procfile.processTypes.enumerated().map { index, type in
        ProcessType(name: type.name, command: type.command, line: index + 1)
    }
    do {
        let again = try ProcfileParser.parse(rendered, file: fileName)
        require(again.processTypes == expected,
                "round trip changed the Procfile: \(expected) -> \(String(reflecting: rendered)) -> \(again.processTypes)")
    } catch {
        require(false, "rendered Procfile \(String(reflecting: rendered)) does not parse: \(error)")
    }
}
