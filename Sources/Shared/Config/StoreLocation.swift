/// The backing store, an attached resource chosen by `STORE_URL`.
public enum StoreLocation: Sendable, Equatable {
    /// The embedded SQLite database at this path (`sqlite:var/formation.sqlite`).
    case sqlite(path: String)
    /// DynamoDB in `region`, at `endpoint` when overridden (`dynamodb:`).
    case dynamoDB(region: String, endpoint: String?)
}
