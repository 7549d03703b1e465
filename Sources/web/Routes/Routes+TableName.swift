import Hummingbird

extension Routes {
    /// `GET /table-name`: the table the dynamic config names now.
    static func tableName(_ dependencies: AppDependencies) async -> Response {
        text(dependencies.config.tableName ?? "")
    }
}
