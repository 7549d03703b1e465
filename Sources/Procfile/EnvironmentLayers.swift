/// Layers several `.env` files and the process environment.
public enum EnvironmentLayers {
    /// Parses each file in order, with `environment: processEnvironment` and `inherited`
    /// set to the merged values of the earlier files, then layers them (a later file wins)
    /// under the process environment (which wins over every file).
    ///
    /// - Throws: ``ProcfileError`` with the diagnostics of every file that has problems.
    public static func resolve(
        files: [(file: String, text: String)],
        processEnvironment: [String: String]
    ) throws(ProcfileError) -> ResolvedEnvironment {
        var merged: [String: String] = [:]
        var origins: [String: VariableOrigin] = [:]
        var diagnostics: [Diagnostic] = []
        for (file, text) in files {
            do {
                let entries = try DotEnvParser.parse(
                    text, file: file, environment: processEnvironment, inherited: merged)
                for entry in entries {
                    merged[entry.key] = entry.value
                    origins[entry.key] = VariableOrigin(file: file, line: entry.line, column: entry.column)
                }
            } catch {
                diagnostics += error.diagnostics
            }
        }
        guard diagnostics.isEmpty else { throw ProcfileError(diagnostics: diagnostics) }
        let variables = merged.merging(processEnvironment) { _, process in process }
        for key in processEnvironment.keys { origins[key] = nil }
        return ResolvedEnvironment(variables: variables, fileKeys: merged.keys.sorted(), origins: origins)
    }
}
