/// A memory size as `--memory-max` takes it: bytes, or a number with K, M or G (powers of 1024,
/// as systemd's `MemoryMax=` and Kubernetes' `Ki`/`Mi`/`Gi`), e.g. `512M`, `1.5G`, `800Mi`.
enum MemorySize {
    /// The smallest cap: below it no process could even start.
    static let minimum = 1 << 20
    /// The largest: 1 TiB.
    static let maximum = 1 << 40

    /// Bytes, or nil when `text` is no size.
    static func bytes(_ text: String) -> Int? {
        var number = text.trimmingSpaces
        var unit = 1
        for (suffix, multiplier) in [("Ki", 1 << 10), ("Mi", 1 << 20), ("Gi", 1 << 30), ("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30)]
        where number.uppercased().hasSuffix(suffix.uppercased()) {
            number = String(number.dropLast(suffix.count))
            unit = multiplier
            break
        }
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              let value = Double(number), value.isFinite, value >= 0, value * Double(unit) <= Double(Int.max / 2) else { return nil }
        return Int(value * Double(unit))
    }

    /// `512M`, `1.5G`, `4096K` or bytes: the shortest exact spelling.
    static func text(_ bytes: Int) -> String {
        for (suffix, multiplier) in [("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10)] where bytes >= multiplier {
            if bytes % multiplier == 0 { return "\(bytes / multiplier)\(suffix)" }
            if suffix != "K", (bytes * 10) % multiplier == 0 { return "\(Double(bytes) / Double(multiplier))\(suffix)" }
        }
        return "\(bytes)"
    }
}
