extension FormationChange {
    /// The change in words, for `reload`'s plan, its reply and its event.
    var description: String {
        switch self {
        case .added(let type, let count):
            return "\(type): new, starting \(Self.instances(count))"
        case .removed(let type, let count):
            return "\(type): gone, stopping \(Self.instances(count))"
        case .scaled(let type, let from, let to):
            return "\(type): scaling from \(from) to \(to)"
        case .restarted(let type, let reasons):
            return "\(type): restarting each instance in turn (\(Self.words(reasons)) changed)"
        case .adminAdded(let type):
            return "\(type): new admin type (run by its schedule or `supervisor trigger`)"
        case .adminRemoved(let type):
            return "\(type): no longer an admin type (a run going now ends on its own)"
        case .adminChanged(let type, let reasons):
            return "\(type): its next run takes the change (\(Self.words(reasons)) changed)"
        }
    }

    private static func instances(_ count: Int) -> String { count == 1 ? "1 instance" : "\(count) instances" }

    private static func words(_ reasons: [Reason]) -> String {
        reasons.map { reason in
            switch reason {
            case .command: "command"
            case .environment(let keys): "environment: " + (keys.count > 5 ? keys.prefix(5).joined(separator: ", ") + " and \(keys.count - 5) more" : keys.joined(separator: ", "))
            case .policy(let options): options.joined(separator: ", ")
            case .ports: "ports"
            }
        }.joined(separator: "; ")
    }
}
