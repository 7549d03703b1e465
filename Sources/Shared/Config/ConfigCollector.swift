/// Gathers the errors of a configuration parse instead of stopping at the first; a variable is
/// reported once, at its first error (a missing `AWS_REGION` needed by two settings is one line).
public struct ConfigCollector: Sendable {
    public private(set) var errors: [ConfigError] = []

    public init() {}

    /// The value `body` parses, or nil with its error recorded.
    public mutating func attempt<T>(_ body: () throws(ConfigError) -> T) -> T? {
        do {
            return try body()
        } catch {
            record(error)
            return nil
        }
    }

    /// Records an error unless its variable has one already.
    public mutating func record(_ error: ConfigError) {
        if !errors.contains(where: { $0.variable == error.variable }) { errors.append(error) }
    }

    /// Throws every recorded error at once, if there is any.
    public func check() throws(ConfigErrors) {
        if !errors.isEmpty { throw ConfigErrors(errors) }
    }
}
