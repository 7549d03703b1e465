/// A span in seconds as the options take it (`-t 30`, `--restart-limit 10/2.5`) and
/// `check --json` gives it: whole seconds, else a decimal.
enum SecondsText {
    static func of(_ span: Milliseconds) -> String {
        span % 1000 == 0 ? "\(span / 1000)" : "\(Double(span) / 1000)"
    }
}
