extension Array where Element == Unicode.Scalar {
    /// The sub-range of `range` without leading and trailing spaces and tabs
    /// (empty, at `range.lowerBound`, if `range` holds only blanks).
    func blankTrimmedRange(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, self[lower].isBlank { lower += 1 }
        while upper > lower, self[upper - 1].isBlank { upper -= 1 }
        return lower..<upper
    }

    /// The input's scalars without a leading byte-order mark and with every CRLF turned into LF.
    static func normalizedSource(_ text: String) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if scalar == "\n", result.last == "\r" { result.removeLast() }
            result.append(scalar)
        }
        if result.first == "\u{FEFF}" { result.removeFirst() }
        return result
    }

    /// A short excerpt for Procfile messages: at most `limit` scalars, with `...` when cut.
    /// Never for `.env` text: any of it may be a secret value, and diagnostics land in logs.
    func excerpt(_ range: Range<Int>, limit: Int = 40) -> String {
        if range.count <= limit { return String(scalars: self[range]) }
        return String(scalars: self[range.lowerBound..<(range.lowerBound + limit)]) + "..."
    }
}
