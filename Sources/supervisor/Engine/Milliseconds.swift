/// A point on the monotonic clock or a span of time, in milliseconds: the unit of epoll's
/// timeout, in which every deadline of the lifecycle is kept. Spans the user chooses arrive as
/// `Duration` and are converted once (`Duration.milliseconds`).
typealias Milliseconds = Int64

extension Duration {
    /// Whole milliseconds, rounded down; what the lifecycle keeps deadlines in.
    var milliseconds: Milliseconds {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
