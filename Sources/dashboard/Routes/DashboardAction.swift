import ControlProtocol

/// What the page's buttons ask: `restart` and `stop` with a form field `target`, `scale` with
/// `formation`, `run` (an admin type's Run button: `trigger`) with `type`; pure.
enum DashboardAction: String, Sendable, CaseIterable {
    case restart, stop, scale, run

    /// The form field the action reads.
    var field: String {
        switch self {
        case .scale: "formation"
        case .run: "type"
        case .restart, .stop: "target"
        }
    }

    /// How long the formation may take to answer: a run is answered when it ends.
    var timeout: Duration { self == .run ? .seconds(24 * 3600) : .seconds(5) }

    /// The control request for the form; nil when the field is missing or empty.
    func request(_ form: FormBody) -> ControlRequest? {
        guard let value = form[field], !value.isEmpty else { return nil }
        return switch self {
        case .restart: .restart(targets: [value])
        case .stop: .stop(targets: [value])
        case .scale: .scale(formation: value)
        case .run: .trigger(type: value, arguments: [])
        }
    }

    /// Why a form was refused.
    var missingField: String {
        let example = switch self {
        case .scale: "formation=web=3"
        case .run: "type=backup-job"
        case .restart, .stop: "target=web.2"
        }
        return "\(rawValue) needs a form field \(field), e.g. \(example)"
    }
}
