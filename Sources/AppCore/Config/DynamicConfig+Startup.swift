import Shared

extension DynamicConfig {
    /// Fetches the document once, as a process does at start; throws when that fails or when
    /// neither the document nor `TABLE_NAME` names a table.
    public func loadInitial() async throws(DynamicConfigError) -> String {
        if case .failed(let reason) = await refresh() {
            throw DynamicConfigError(reason)
        }
        guard let table = tableName else {
            throw DynamicConfigError("the document has no TableName and TABLE_NAME is not set")
        }
        return table
    }
}
