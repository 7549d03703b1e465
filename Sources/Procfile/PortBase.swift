/// Chooses the base port the way foreman does.
public enum PortBase {
    /// The default base port when neither `--port` nor `PORT` is given.
    public static let defaultPort = 5000

    /// The `--port` option if given, else `PORT` from `environment` (the layered environment),
    /// else 5000.
    ///
    /// - Throws: ``ProcfileError`` (file `--port` or `PORT`) if the chosen value is not an
    ///   integer in 1...65535.
    public static func resolve(option: Int?, environment: [String: String]) throws(ProcfileError) -> Int {
        if let option {
            guard (1...65535).contains(option) else {
                throw error(source: "--port", value: String(option))
            }
            return option
        }
        guard let text = environment["PORT"] else { return defaultPort }
        let trimmed = text.trimmingBlanks
        guard !trimmed.isEmpty, trimmed.unicodeScalars.allSatisfy(\.isASCIIDigit),
              let port = Int(trimmed), (1...65535).contains(port)
        else {
            throw error(source: "PORT", value: text)
        }
        return port
    }

    private static func error(source: String, value: String) -> ProcfileError {
        ProcfileError(Diagnostic(
            code: .invalidPort, file: source, line: 1, column: 1,
            message: "invalid port '\(value)' from \(source); use a whole number between 1 and 65535"))
    }
}
