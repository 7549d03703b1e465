import Logging
import Synchronization

/// A `LogHandler` that keeps every rendered line, to check what was (not) logged.
struct CapturingLogHandler: LogHandler {
    final class Store: Sendable {
        let lines = Mutex<[String]>([])
        var text: String { lines.withLock { $0.joined(separator: "\n") } }
    }

    let store: Store
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = self.metadata.merging(event.metadata ?? [:]) { _, new in new }
        let errorText = event.error.map { " error=\($0)" } ?? ""
        store.lines.withLock { $0.append("\(event.level) \(event.message) \(all)\(errorText)") }
    }

    /// A logger at trace level writing into a new store.
    static func logger(_ label: String = "test") -> (Logger, Store) {
        let store = Store()
        return (Logger(label: label) { _ in CapturingLogHandler(store: store) }, store)
    }
}
