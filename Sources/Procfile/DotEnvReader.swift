/// The state of one `.env` parse: reads statements, collects entries and diagnostics.
struct DotEnvReader {
    /// The name used in diagnostics.
    let file: String
    /// The real process environment (wins in expansions).
    let environment: [String: String]
    /// Values of earlier `.env` files (used last in expansions).
    let inherited: [String: String]
    /// The cursor.
    var scanner: DotEnvScanner
    /// The entries read so far, in file order.
    private(set) var entries: [DotEnvEntry] = []
    /// The latest value of each key read so far.
    private(set) var values: [String: String] = [:]
    /// The problems found so far.
    var diagnostics: [Diagnostic] = []

    init(text: String, file: String, environment: [String: String], inherited: [String: String]) {
        self.file = file
        self.environment = environment
        self.inherited = inherited
        scanner = DotEnvScanner(text)
    }

    /// Records a problem.
    mutating func report(_ code: Diagnostic.Code, line: Int, column: Int, _ message: String) {
        diagnostics.append(Diagnostic(code: code, file: file, line: line, column: column, message: message))
    }

    /// Reads every statement, skipping blank and `#` comment lines.
    mutating func readAll() {
        while scanner.current != nil {
            scanner.skipBlanks()
            if scanner.isAtLineEnd {
                scanner.advance()
            } else if scanner.current == "#" {
                scanner.skipLine()
            } else {
                readStatement()
            }
        }
    }

    /// Reads one `[export] KEY = value` statement, up to and including its last line's newline.
    private mutating func readStatement() {
        let line = scanner.line
        let statementColumn = scanner.column
        skipExportPrefix()
        let keyStart = scanner.index
        let keyColumn = scanner.column
        var keyEnd = keyStart
        while !scanner.isAtLineEnd, scanner.current != "=" {
            if scanner.current?.isBlank == false { keyEnd = scanner.index + 1 }
            scanner.advance()
        }
        guard scanner.current == "=" else {
            report(.invalidLine, line: line, column: statementColumn,
                   "this line is not a 'KEY=value' assignment (it has no '='); add '=' after the key, "
                   + "comment the line out with '#', or, if it continues a value, quote that whole value")
            scanner.skipLine()
            return
        }
        let keyIsValid = validateKey(scanner.scalars[keyStart..<keyEnd], line: line, column: keyColumn)
        let key = String(scalars: scanner.scalars[keyStart..<keyEnd])
        scanner.advance()
        scanner.skipBlanks()
        let valueColumn = scanner.column
        let reported = diagnostics.count
        let value = readValue(key: key)
        guard keyIsValid else {
            // The invalid key is this statement's one problem: the value's problems would name
            // it, and its text may be part of a value (see validateKey).
            diagnostics.removeSubrange(reported...)
            return
        }
        guard let value else { return }
        entries.append(DotEnvEntry(key: key, value: value, line: line, column: valueColumn))
        values[key] = value
    }

    /// Skips `export` followed by blanks, unless `export` is itself the key.
    private mutating func skipExportPrefix() {
        guard scanner.hasPrefix("export") else { return }
        var probe = scanner
        for _ in 0..<6 { probe.advance() }
        guard probe.current?.isBlank == true else { return }
        probe.skipBlanks()
        if probe.current != "=" { scanner = probe }
    }

    /// Reports a key outside `[A-Za-z_][A-Za-z0-9_.]*`; returns whether it is valid.
    private mutating func validateKey(_ key: ArraySlice<Unicode.Scalar>, line: Int, column: Int) -> Bool {
        guard let first = key.first else {
            report(.invalidKey, line: line, column: scanner.column,
                   "missing key before '='; write the line as 'KEY=value'")
            return false
        }
        // The text before '=' is not named: on a line that continues an unquoted multi-line
        // value (a PEM key's base64 ends in '='), it is part of that value.
        guard first.isKeyStart else {
            report(.invalidKey, line: line, column: column,
                   "invalid key: a key must start with a letter or '_', not \(Self.kind(of: first)); "
                   + "rename it, or, if this line continues a value, quote that whole value")
            return false
        }
        if let bad = key.firstIndex(where: { !$0.isKeyCharacter }) {
            report(.invalidKey, line: line, column: column + (bad - key.startIndex),
                   "invalid key: \(Self.kind(of: key[bad])) is not allowed in a key; use only letters, digits, "
                   + "'_' and '.', or, if this line continues a value, quote that whole value")
            return false
        }
        return true
    }

    /// The kind of a character for a message about a key, without the character itself: the
    /// text before '=' may be part of a value.
    static func kind(of scalar: Unicode.Scalar) -> String {
        switch scalar {
        case " ": "a space"
        case "\t": "a tab"
        case _ where scalar.isASCIIDigit: "a digit"
        case _ where !scalar.isASCII: "a non-ASCII character"
        case _ where scalar.value < 0x20 || scalar.value == 0x7F: "a control character"
        default: "a punctuation character"
        }
    }
}
