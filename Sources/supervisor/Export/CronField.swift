/// One field of a cron expression: `*`, numbers, `a-b` ranges, `/n` steps and `,` lists.
enum CronField {
    static let names = ["minute", "hour", "day of the month", "month", "day of the week"]
    /// The allowed values of each field (day of the week: 0 and 7 are Sunday).
    static let ranges: [ClosedRange<Int>] = [0...59, 0...23, 1...31, 1...12, 0...7]

    /// The sorted values a field matches, or nil when it is invalid. `*` gives the whole range.
    static func values(_ field: String, in range: ClosedRange<Int>) -> [Int]? {
        var result: Set<Int> = []
        for item in field.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2 else { return nil }
            var step = 1
            if parts.count == 2 {
                guard let parsed = number(parts[1]), parsed > 0 else { return nil }
                step = parsed
            }
            let span: ClosedRange<Int>
            if parts[0] == "*" {
                span = range
            } else if let dash = parts[0].firstIndex(of: "-") {
                guard let low = number(parts[0][..<dash]), let high = number(parts[0][parts[0].index(after: dash)...]),
                    low <= high
                else { return nil }
                span = low...high
            } else {
                guard let single = number(parts[0]) else { return nil }
                span = single...(parts.count == 2 ? range.upperBound : single)
            }
            guard range.contains(span.lowerBound), range.contains(span.upperBound) else { return nil }
            result.formUnion(stride(from: span.lowerBound, through: span.upperBound, by: step))
        }
        return result.sorted()
    }

    private static func number(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.unicodeScalars.allSatisfy({ $0 >= "0" && $0 <= "9" }) else { return nil }
        return Int(text)
    }
}
