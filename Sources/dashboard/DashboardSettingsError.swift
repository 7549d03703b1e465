/// The dashboard cannot start as configured. One line: what, where, how to fix.
enum DashboardSettingsError: Error, Equatable, CustomStringConvertible {
    case noControlSocket
    case badPort(String, source: String)
    case badListen

    var description: String {
        switch self {
        case .noControlSocket:
            "no control socket to show: run `supervisor dashboard` in the formation's directory, or set FORMATION_CONTROL or --control to the socket `supervisor start` made"
        case .badPort(let text, let source):
            "\(source) is not a port between 0 and 65535: '\(text)'; give --port N (0: a free port)"
        case .badListen:
            "--listen is empty; give an address such as 127.0.0.1 (the default) or 0.0.0.0"
        }
    }
}
