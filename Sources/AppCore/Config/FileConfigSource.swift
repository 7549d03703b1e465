import Foundation

/// The local document (`CONFIG_SOURCE=file:PATH`, default `file:config/app-config.json`),
/// the development stand-in for AppConfig: edit the file, then call `/refresh-config`.
public struct FileConfigSource: ConfigDocumentSource {
    /// The file's path, relative to the working directory or absolute.
    public let path: String

    /// Creates a source reading `path`.
    public init(path: String) {
        self.path = path
    }

    public var origin: String { "file:\(path)" }

    public func fetch() async throws(ConfigFetchError) -> ConfigDocument {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigFetchError(origin: origin, reason: "cannot read the file (\(Self.reason(error)))")
        }
        return try ConfigDocument.parse(data, origin: origin)
    }

    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
           let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return "\(POSIXError(code).localizedDescription)"
        }
        return nsError.code == NSFileReadNoSuchFileError ? "no such file" : "error \(nsError.code)"
    }
}
