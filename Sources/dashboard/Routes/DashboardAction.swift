import ControlProtocol

/// What the page's buttons ask: `restart` and `stop` with a form field `target`, `scale` with
/// `formation`; pure.
enum DashboardAction: String, Sendable, CaseIterable {
    case restart, stop, scale

    /// The form field the action reads.
    var field: String { self == .scale ? "formation" : "target" }

    /// The control request for the form; nil when the field is missing or empty.
    func request(_ form: FormBody) -> ControlRequest? {
        guard let value = form[field], !value.isEmpty else { return nil }
        return switch self {
        case .restart: .restart(targets: [value])
        case .stop: .stop(targets: [value])
        case .scale: .scale(formation: value)
        }
    }

    /// Why a form was refused.
    var missingField: String {
        "\(rawValue) needs a form field \(field), e.g. \(self == .scale ? "formation=web=3" : "target=web.2")"
    }
}
