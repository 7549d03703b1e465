// Shared by the Procfile-module targets (procfile, dotenv, formation).

/// The lines a line-oriented parser sees, modelled independently of the parser: CRLF becomes
/// LF, a leading byte-order mark is dropped, the text is split at LF (a final line without LF
/// counts, an empty one after the last LF does not).
struct LineModel {
    /// The length of each line in Unicode scalars.
    let lengths: [Int]

    init(_ text: String) {
        var scalars: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars {
            if scalar == "\n", scalars.last == "\r" { scalars.removeLast() }
            scalars.append(scalar)
        }
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var lengths: [Int] = []
        var current = 0
        for scalar in scalars {
            if scalar == "\n" {
                lengths.append(current)
                current = 0
            } else {
                current += 1
            }
        }
        if current > 0 { lengths.append(current) }
        self.lengths = lengths
    }

    /// Whether `line:column` is inside the text: an existing line (line 1 of an empty text
    /// counts) and a column on one of its scalars or just past its end.
    func contains(line: Int, column: Int) -> Bool {
        guard line >= 1, line <= max(1, lengths.count) else { return false }
        let length = line <= lengths.count ? lengths[line - 1] : 0
        return column >= 1 && column <= length + 1
    }
}

/// The properties every `ProcfileError` must have: at least one diagnostic; each names `file`,
/// has a message, a non-empty code, and a position accepted by `isInside`; positions come in
/// input order (by line, then by column when `columnsOrdered`).
func checkDiagnostics(
    _ error: ProcfileError, file: String, columnsOrdered: Bool = false,
    isInside: (Diagnostic) -> Bool
) {
    require(!error.diagnostics.isEmpty, "a ProcfileError without diagnostics")
    var previous: Diagnostic?
    for diagnostic in error.diagnostics {
        require(diagnostic.file == file, "diagnostic names file '\(diagnostic.file)', not '\(file)'")
        require(!diagnostic.message.isEmpty, "empty message: \(diagnostic)")
        require(!diagnostic.code.rawValue.isEmpty, "empty code: \(diagnostic)")
        require(isInside(diagnostic), "diagnostic outside the input: \(diagnostic)")
        if let previous {
            require(previous.line <= diagnostic.line, "diagnostics out of line order: \(previous) then \(diagnostic)")
            if columnsOrdered, previous.line == diagnostic.line {
                require(previous.column <= diagnostic.column, "diagnostics out of column order: \(previous) then \(diagnostic)")
            }
        }
        previous = diagnostic
    }
}

/// `[A-Za-z0-9_-]`, the characters of a process type name (independent of the parser's own).
func isProcessNameScalar(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar {
    case "a"..."z", "A"..."Z", "0"..."9", "_", "-": true
    default: false
    }
}

/// A space or a tab.
func isBlankScalar(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\t" }
