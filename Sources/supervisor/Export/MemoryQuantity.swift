/// A memory cap (`--memory-max`, bytes) as each engine spells it, exactly: the largest power of
/// 1024 that divides it, else bytes.
enum MemoryQuantity {
    /// Kubernetes' quantity: `512Mi`, `1Gi`, `1536Ki`, `1000`.
    static func kubernetes(_ bytes: Int) -> String { text(bytes, units: ["Gi", "Mi", "Ki"]) }

    /// systemd's `MemoryMax=`: `512M`, `1G`, `1536K`, `1000` (its K, M, G are powers of 1024).
    static func systemd(_ bytes: Int) -> String { text(bytes, units: ["G", "M", "K"]) }

    private static func text(_ bytes: Int, units: [String]) -> String {
        for (suffix, unit) in zip(units, [1 << 30, 1 << 20, 1 << 10]) where bytes >= unit && bytes % unit == 0 {
            return "\(bytes / unit)\(suffix)"
        }
        return String(bytes)
    }
}
