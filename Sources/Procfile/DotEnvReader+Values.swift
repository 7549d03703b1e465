extension DotEnvReader {
    /// Reads the value after `=` (blanks already skipped) and the rest of its last line.
    /// Returns `nil` after reporting a problem.
    mutating func readValue(key: String) -> String? {
        switch scanner.current {
        case "'":
            guard let raw = readQuoted(key: key, quote: "'") else { return nil }
            guard finishQuotedLine(key: key) else { return nil }
            return String(scalars: raw.map(\.scalar))
        case "\"":
            guard let raw = readQuoted(key: key, quote: "\"") else { return nil }
            guard finishQuotedLine(key: key) else { return nil }
            return expand(raw, key: key)
        default:
            return expand(readUnquoted(), key: key)
        }
    }

    /// Reads an unquoted value up to the end of the line or a ` #` comment, trailing blanks
    /// removed; `\$` becomes a literal `$`, other backslashes are kept.
    private mutating func readUnquoted() -> [ValueScalar] {
        var raw: [ValueScalar] = []
        while let scalar = scanner.current, scalar != "\n" {
            if scalar == "#", scanner.previous?.isBlank == true { break }
            let (line, column) = (scanner.line, scanner.column)
            if scalar == "\\", scanner.next == "$" {
                scanner.advance()
                raw.append(ValueScalar(scalar: "$", isLiteral: true, line: line, column: column))
            } else {
                raw.append(ValueScalar(scalar: scalar, isLiteral: false, line: line, column: column))
            }
            scanner.advance()
        }
        scanner.skipLine()
        while raw.last?.scalar.isBlank == true { raw.removeLast() }
        return raw
    }

    /// Reads a quoted value, which may span lines, and moves past the closing quote.
    /// Single-quoted values are literal; double-quoted ones understand `\n \t \r \" \\ \$`
    /// and keep any other backslash sequence as written. Reports an unterminated quote.
    private mutating func readQuoted(key: String, quote: Unicode.Scalar) -> [ValueScalar]? {
        let (openLine, openColumn) = (scanner.line, scanner.column)
        let isDouble = quote == "\""
        var raw: [ValueScalar] = []
        scanner.advance()
        while let scalar = scanner.current {
            let (line, column) = (scanner.line, scanner.column)
            func append(_ scalar: Unicode.Scalar, literal: Bool) {
                raw.append(ValueScalar(scalar: scalar, isLiteral: literal, line: line, column: column))
            }
            if scalar == quote {
                scanner.advance()
                return raw
            }
            if isDouble, scalar == "\\", let escaped = scanner.next {
                scanner.advance()
                switch escaped {
                case "n": append("\n", literal: true)
                case "t": append("\t", literal: true)
                case "r": append("\r", literal: true)
                case "\"", "\\", "$": append(escaped, literal: true)
                default:
                    append("\\", literal: true)
                    append(escaped, literal: false)
                }
            } else {
                append(scalar, literal: !isDouble)
            }
            scanner.advance()
        }
        let name = isDouble ? "double" : "single"
        report(.unterminatedQuote, line: openLine, column: openColumn,
               "unterminated \(name) quote in the value of '\(key)'; add the closing \(quote) "
               + "(quoted values may span lines, so everything after it was read as the value)")
        return nil
    }

    /// After a closing quote: allows blanks and a `# comment`, then moves past the newline.
    /// Reports anything else.
    private mutating func finishQuotedLine(key: String) -> Bool {
        scanner.skipBlanks()
        guard !scanner.isAtLineEnd, scanner.current != "#" else {
            scanner.skipLine()
            return true
        }
        report(.trailingCharacters, line: scanner.line, column: scanner.column,
               "unexpected text after the closing quote of '\(key)'; "
               + "put the whole value inside the quotes or start a comment with ' #'")
        scanner.skipLine()
        return false
    }
}
