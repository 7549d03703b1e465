import Foundation

/// Environments for the processes the tests start.
public enum TestEnvironment {
    /// This process's environment without any `AWS_` variable (no real credentials or config may
    /// leak into a test), without the formation's own variables, plus `extra`.
    public static func withoutAWS(extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for key in environment.keys where key.hasPrefix("AWS_") { environment[key] = nil }
        for key in ["PORT", "FORMATION", "STORE_URL", "CONFIG_SOURCE", "TABLE_NAME", "ConfigApp", "ConfigEnv", "ConfigProfile"] {
            environment[key] = nil
        }
        environment.merge(extra) { _, new in new }
        return environment
    }
}
