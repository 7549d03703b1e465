/// One line of a normalized source (no line terminator), with its 1-based number.
struct SourceLine: Sendable, Equatable {
    /// The line's scalars, without the line terminator.
    let scalars: [Unicode.Scalar]
    /// The 1-based line number.
    let number: Int

    /// Splits a text into lines; CRLF and a final line without newline are accepted.
    static func split(_ text: String) -> [SourceLine] {
        let source = [Unicode.Scalar].normalizedSource(text)
        var lines: [SourceLine] = []
        var current: [Unicode.Scalar] = []
        for scalar in source {
            if scalar == "\n" {
                lines.append(SourceLine(scalars: current, number: lines.count + 1))
                current = []
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { lines.append(SourceLine(scalars: current, number: lines.count + 1)) }
        return lines
    }
}
