import Procfile
import Testing

/// The diagnostics thrown by `body`, or `[]` (and a recorded issue) if it did not throw.
func diagnostics<T>(_ body: () throws(ProcfileError) -> T, sourceLocation: SourceLocation = #_sourceLocation) -> [Diagnostic] {
    do {
        let value = try body()
        Issue.record("expected a ProcfileError, got \(value)", sourceLocation: sourceLocation)
        return []
    } catch {
        return error.diagnostics
    }
}

/// The single diagnostic thrown by `body` (a recorded issue if there is not exactly one).
func diagnostic<T>(_ body: () throws(ProcfileError) -> T, sourceLocation: SourceLocation = #_sourceLocation) -> Diagnostic? {
    let found = diagnostics(body, sourceLocation: sourceLocation)
    if found.count != 1 {
        Issue.record("expected exactly one diagnostic, got \(found)", sourceLocation: sourceLocation)
    }
    return found.first
}
