import Crypto
import Foundation

/// A local JSON file (`CONFIG_SOURCE=file:config/app-config.json`); its version is a hash of
/// its content, so an unchanged file reads as `.unchanged`.
public actor FileConfigSource: ConfigDocumentSource {
    /// The file.
    public let path: String
    private var lastVersion: String?

    /// Reads `path` on each fetch.
    public nonisolated var name: String { "file \(path)" }

    public init(path: String) {
        self.path = path
    }

    /// The file's content if it changed.
    public func fetch() async throws -> ConfigFetchResult {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigDocument.ParseError(reason: "cannot read the configuration file \(path)")
        }
        let version = "sha256:" + Hex.encode(SHA256.hash(data: data).prefix(8))
        guard version != lastVersion else { return .unchanged }
        lastVersion = version
        return .changed(document: Array(data), version: version)
    }
}
