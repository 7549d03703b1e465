/// A cursor over a normalized `.env` source that tracks the 1-based line and column.
struct DotEnvScanner {
    /// The source, CRLF already turned into LF.
    let scalars: [Unicode.Scalar]
    /// The index of the current scalar.
    private(set) var index = 0
    /// The current 1-based line.
    private(set) var line = 1
    /// The current 1-based column.
    private(set) var column = 1

    init(_ text: String) { scalars = .normalizedSource(text) }

    /// The current scalar, `nil` at the end.
    var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    /// The scalar after the current one, if any.
    var next: Unicode.Scalar? { index + 1 < scalars.count ? scalars[index + 1] : nil }

    /// The scalar before the current one, if any.
    var previous: Unicode.Scalar? { index > 0 ? scalars[index - 1] : nil }

    /// Whether the cursor is at a newline or at the end.
    var isAtLineEnd: Bool { current == nil || current == "\n" }

    /// Moves one scalar forward (no-op at the end).
    mutating func advance() {
        guard let scalar = current else { return }
        index += 1
        if scalar == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
    }

    /// Skips spaces and tabs.
    mutating func skipBlanks() {
        while let scalar = current, scalar.isBlank { advance() }
    }

    /// Moves past the next newline (or to the end).
    mutating func skipLine() {
        while let scalar = current {
            advance()
            if scalar == "\n" { return }
        }
    }

    /// Whether the source continues with `word` at the cursor.
    func hasPrefix(_ word: String) -> Bool {
        var position = index
        for scalar in word.unicodeScalars {
            guard position < scalars.count, scalars[position] == scalar else { return false }
            position += 1
        }
        return true
    }
}
