/// Parses Procfiles (`name: command` lines), strictly: unlike foreman, any line that is not
/// a definition, a `#` comment or blank is reported rather than skipped.
public enum ProcfileParser {
    /// Parses a Procfile.
    ///
    /// - Parameters:
    ///   - text: The file's contents; LF or CRLF line endings, final newline optional.
    ///   - file: The name used in diagnostics.
    /// - Throws: ``ProcfileError`` listing every invalid line, invalid name, empty command and
    ///   duplicate name, or a single diagnostic if no process type is defined.
    public static func parse(_ text: String, file: String = "Procfile") throws(ProcfileError) -> Procfile {
        var types: [ProcessType] = []
        var firstLine: [String: Int] = [:]
        var diagnostics: [Diagnostic] = []
        func report(_ code: Diagnostic.Code, _ line: Int, _ column: Int, _ message: String) {
            diagnostics.append(Diagnostic(code: code, file: file, line: line, column: column, message: message))
        }

        for line in SourceLine.split(text) {
            let scalars = line.scalars
            let content = scalars.blankTrimmedRange(0..<scalars.count)
            if content.isEmpty || scalars[content.lowerBound] == "#" { continue }

            guard let colon = scalars[content].firstIndex(of: ":") else {
                report(.invalidLine, line.number, content.lowerBound + 1,
                       "expected 'name: command' but found '\(scalars.excerpt(content))'; "
                       + "add ':' after the process type name or comment the line out with '#'")
                continue
            }
            let nameRange = scalars.blankTrimmedRange(content.lowerBound..<colon)
            let name = String(scalars: scalars[nameRange])
            if nameRange.isEmpty {
                report(.invalidName, line.number, colon + 1,
                       "missing process type name before ':'; write the line as 'name: command'")
                continue
            }
            if let bad = scalars[nameRange].firstIndex(where: { !$0.isProcessNameCharacter }) {
                report(.invalidName, line.number, bad + 1,
                       "invalid process type name '\(name)': \(scalars[bad].quotedForMessage) is not allowed; "
                       + "use only letters, digits, '_' and '-'")
                continue
            }
            let commandRange = scalars.blankTrimmedRange((colon + 1)..<content.upperBound)
            if commandRange.isEmpty {
                report(.emptyCommand, line.number, colon + 2,
                       "process type '\(name)' has an empty command; add the command to run after ':'")
                continue
            }
            if let first = firstLine[name] {
                report(.duplicateName, line.number, nameRange.lowerBound + 1,
                       "duplicate process type '\(name)' (first defined on line \(first)); rename one of them")
                continue
            }
            firstLine[name] = line.number
            types.append(ProcessType(name: name, command: String(scalars: scalars[commandRange]), line: line.number))
        }

        if types.isEmpty, diagnostics.isEmpty {
            report(.noProcessTypes, 1, 1,
                   "no process types defined; add a line such as 'web: ./server --port $PORT'")
        }
        guard diagnostics.isEmpty else { throw ProcfileError(diagnostics: diagnostics) }
        return Procfile(processTypes: types)
    }
}
