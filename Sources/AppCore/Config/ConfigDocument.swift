import Foundation

/// The dynamic configuration document (`config/app-config.json` locally, an AppConfig
/// configuration profile in production): a JSON object whose `TableName` names the table.
public struct ConfigDocument: Sendable, Equatable {
    /// The table the app reads, when the document names one.
    public var tableName: String?
    /// The document's bytes as fetched, to tell whether a refresh changed anything.
    public var raw: Data

    /// Creates a document.
    public init(tableName: String?, raw: Data) {
        self.tableName = tableName
        self.raw = raw
    }

    /// Parses the document; pure. A document that is not a JSON object, or whose `TableName` is
    /// not a non-empty string, is an error.
    public static func parse(_ data: Data, origin: String) throws(ConfigFetchError) -> ConfigDocument {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ConfigFetchError(origin: origin, reason: "the document is not JSON")
        }
        guard let dictionary = object as? [String: Any] else {
            throw ConfigFetchError(origin: origin, reason: "the document is not a JSON object")
        }
        guard let value = dictionary["TableName"] else {
            return ConfigDocument(tableName: nil, raw: data)
        }
        guard let name = value as? String, !name.isEmpty else {
            throw ConfigFetchError(origin: origin, reason: "TableName must be a non-empty string")
        }
        return ConfigDocument(tableName: name, raw: data)
    }
}
