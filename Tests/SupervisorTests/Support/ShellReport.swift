/// The `key=number` words a test script echoes (`status=0 exit_ms=1024`), by key; a key that
/// appears twice keeps its last value, words that are not `key=number` are ignored.
enum ShellReport {
    static func numbers(in output: String) -> [String: Int] {
        var found: [String: Int] = [:]
        for word in output.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }) {
            let parts = word.split(separator: "=", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, let value = Int(parts[1]) else { continue }
            found[String(parts[0])] = value
        }
        return found
    }
}
