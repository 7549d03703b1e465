/// The figures of docs/container.md, gathered while the checks run and printed at the end.
actor Figures {
    static let shared = Figures()

    private var lines: [String] = []

    func record(_ line: String) { lines.append(line) }

    /// One line each, prefixed "container figures:".
    func report() -> String { lines.map { "container figures: \($0)" }.joined(separator: "\n") }

    /// Seconds with two decimals.
    static func seconds(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        let hundredths = (milliseconds % 1000) / 10
        return "\(milliseconds / 1000).\(hundredths < 10 ? "0" : "")\(hundredths) s"
    }

    /// Megabytes (10^6 bytes, as podman shows them) with one decimal.
    static func megabytes(_ bytes: Int) -> String {
        "\(bytes / 1_000_000).\((bytes % 1_000_000) / 100_000) MB"
    }
}
