/// A peer script exited non-zero; `message` is what it wrote on stderr (one line, naming why).
struct PeerFailure: Error, CustomStringConvertible {
    let script: String
    let status: Int32
    let message: String

    var description: String {
        let line = message.split(separator: "\n").last.map(String.init) ?? "(no message)"
        return "\(script) exited with status \(status): \(line)"
    }
}
