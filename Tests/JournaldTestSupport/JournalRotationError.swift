/// Why `JournaldDaemon.rotate()` could not start new journal files.
public struct JournalRotationError: Error, CustomStringConvertible {
    public let reason: String
    public var description: String { "rotating the journal failed: \(reason)" }
}
