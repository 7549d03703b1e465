/// Why a formation is stopping, which decides its exit status.
enum StopReason: Equatable, Sendable {
    case signal(Int32)
    case childExited(TerminationStatus)
    /// An instance hit the restart limit; its last run ended with this status.
    case gaveUp(TerminationStatus)
    case allFinished
}
