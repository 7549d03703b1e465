import Foundation

/// A parsed dynamic configuration document: a JSON object with at least `TableName` (the
/// reference solution's key) or no table at all (then `TABLE_NAME` is used).
public struct ConfigDocument: Sendable, Equatable {
    /// The raw JSON.
    public let bytes: [UInt8]
    /// `TableName`, when present.
    public let tableName: String?
    /// Every top-level string value, by key.
    public let strings: [String: String]

    /// Why a document was rejected.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The reason.
        public let reason: String
        /// The reason.
        public var description: String { reason }
    }

    /// Parses a document; pure.
    public static func parse(_ bytes: [UInt8]) throws(ParseError) -> ConfigDocument {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            let place = JSONSyntax.firstProblem(in: bytes).map { " at \($0)" } ?? ""
            throw ParseError(reason: "the configuration is not valid JSON\(place) (\(bytes.count) bytes)")
        }
        guard let dictionary = object as? [String: Any] else {
            throw ParseError(reason: "the configuration must be a JSON object")
        }
        var strings: [String: String] = [:]
        for (key, value) in dictionary {
            if let string = value as? String { strings[key] = string }
        }
        if let table = dictionary["TableName"] {
            guard let name = table as? String, !name.isEmpty else {
                throw ParseError(reason: "TableName must be a non-empty string")
            }
        }
        return ConfigDocument(bytes: bytes, tableName: strings["TableName"], strings: strings)
    }
}
