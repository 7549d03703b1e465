/// A peer executable is not in the peers' virtual environment.
public struct PeersMissing: Error, CustomStringConvertible {
    public let name: String
    public let root: String

    public var description: String {
        "\(name) is not in the test peers' virtual environment \(root): run ./scripts/test.sh once (it installs requirements-peers.txt there)"
    }
}
