import Foundation
import Logging

/// A `LogHandler` that keeps what is logged, for assertions.
final class LogCapture: @unchecked Sendable {
    // @unchecked: `events` is only touched under `lock`.
    private let lock = NSLock()
    private var events: [(message: String, metadata: Logger.Metadata)] = []

    /// A logger writing here.
    var logger: Logger {
        Logger(label: "capture") { _ in Handler(capture: self) }
    }

    /// The events so far.
    var entries: [(message: String, metadata: Logger.Metadata)] {
        lock.lock()
        defer { lock.unlock() }
        return events
    }

    fileprivate func add(_ message: String, _ metadata: Logger.Metadata) {
        lock.lock()
        events.append((message, metadata))
        lock.unlock()
    }

    struct Handler: LogHandler {
        let capture: LogCapture
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            capture.add(event.message.description, metadata.merging(event.metadata ?? [:]) { _, new in new })
        }
    }
}
