import ControlProtocol
import NIOCore

/// Reads the lines of one control conversation.
struct ReplyReader {
    let path: String
    var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    var buffer = LineBuffer()

    /// The next line; nil at the end of the conversation.
    mutating func line() async throws -> [UInt8]? {
        while true {
            do {
                if let line = try buffer.nextLine() { return line }
            } catch {
                throw ControlChannelError.lineTooLong(error.limit)
            }
            guard let chunk = try await iterator.next() else { return buffer.remainder() }
            buffer.append(chunk.readableBytesView)
        }
    }

    /// The next line as a reply (`{"ok":...}`).
    mutating func reply() async throws -> ControlReply {
        guard let line = try await line() else { throw ControlChannelError.closed(path: path) }
        do {
            return try ControlReply(jsonLine: line)
        } catch {
            throw ControlChannelError.unreadable(path: path, reason: error.description)
        }
    }
}
