/// Lines, bytes and cut lines of an instance's output (`status`, `supervisor metrics`).
struct OutputCount: Equatable, Sendable {
    var lines = 0
    var bytes = 0
    var linesCut = 0

    mutating func add(_ other: OutputCount) {
        lines &+= other.lines
        bytes &+= other.bytes
        linesCut &+= other.linesCut
    }
}
