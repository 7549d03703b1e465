/// Parses `.env` files as completely as joho/godotenv: `export`, single and double quotes,
/// escapes, multi-line quoted values, inline comments and `$VAR` / `${VAR}` / `${VAR:-default}`
/// expansion.
public enum DotEnvParser {
    /// Parses a `.env` file.
    ///
    /// A `$NAME` or `${NAME}` in an unquoted or double-quoted value resolves to
    /// `environment[NAME]`, else the value of an earlier `NAME` in this file, else
    /// `inherited[NAME]`, else `""`. `${NAME:-default}` uses `default` when that is empty.
    ///
    /// - Parameters:
    ///   - text: The file's contents; LF or CRLF line endings, final newline optional.
    ///   - file: The name used in diagnostics.
    ///   - environment: The real process environment; it wins in expansions.
    ///   - inherited: Values of earlier `.env` files, used after this file's own keys.
    /// - Returns: The assignments in file order; a key assigned twice appears twice.
    /// - Throws: ``ProcfileError`` listing every problem in the file.
    public static func parse(
        _ text: String,
        file: String = ".env",
        environment: [String: String] = [:],
        inherited: [String: String] = [:]
    ) throws(ProcfileError) -> [DotEnvEntry] {
        var reader = DotEnvReader(text: text, file: file, environment: environment, inherited: inherited)
        reader.readAll()
        guard reader.diagnostics.isEmpty else { throw ProcfileError(diagnostics: reader.diagnostics) }
        return reader.entries
    }
}
