import Foundation
import Logging

/// Keeps what a logger logs, for assertions: ``logger`` writes here at every level.
public final class LogCapture: @unchecked Sendable {
    // @unchecked: `stored` is only touched under `lock`.
    private let lock = NSLock()
    private var stored: [Entry] = []

    /// One logged event.
    public struct Entry: Sendable {
        /// The level.
        public var level: Logger.Level
        /// The message.
        public var message: String
        /// The handler's metadata merged with the event's.
        public var metadata: Logger.Metadata
        /// The error passed with the event, described.
        public var error: String?
    }

    /// Creates an empty capture.
    public init() {}

    /// A logger at trace level writing here.
    public var logger: Logger {
        Logger(label: "capture") { _ in Handler(capture: self) }
    }

    /// The events so far.
    public var entries: [Entry] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    /// The events so far, one line each: level, message, metadata, then ` error=...` when
    /// there was one; to check what was (not) logged anywhere in an event.
    public var text: String {
        entries.map { "\($0.level) \($0.message) \($0.metadata)\($0.error.map { " error=\($0)" } ?? "")" }.joined(separator: "\n")
    }

    fileprivate func add(_ entry: Entry) {
        lock.lock()
        stored.append(entry)
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
            capture.add(Entry(level: event.level, message: event.message.description,
                              metadata: metadata.merging(event.metadata ?? [:]) { _, new in new },
                              error: event.error.map { "\($0)" }))
        }
    }
}
