import AppTestSupport
import Foundation

/// The image's configuration as the engine reads it (`podman image inspect`).
struct ImageConfig {
    var entrypoint: [String]
    var cmd: [String]
    var user: String
    var workingDir: String
    var env: [String]
    /// The image's size in bytes, as `podman images` counts it (uncompressed layers).
    var size: Int

    static func read(_ session: ImageSession, image: String? = nil) async throws -> ImageConfig {
        let text = try await session.podman.succeed(["image", "inspect", image ?? session.image])
        guard let all = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]], let image = all.first else {
            throw TestSupportError("podman image inspect: not a JSON array: \(text.prefix(500))")
        }
        let config = image["Config"] as? [String: Any] ?? [:]
        return ImageConfig(
            entrypoint: config["Entrypoint"] as? [String] ?? [],
            cmd: config["Cmd"] as? [String] ?? [],
            user: config["User"] as? String ?? "",
            workingDir: config["WorkingDir"] as? String ?? "",
            env: config["Env"] as? [String] ?? [],
            size: (image["Size"] as? NSNumber)?.intValue ?? 0)
    }
}
