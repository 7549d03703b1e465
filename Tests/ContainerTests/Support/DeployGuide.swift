import AppTestSupport
import Foundation

/// docs/deploy.md's how-to blocks that the engine checks run as written, so the guide and the
/// test cannot drift apart.
enum DeployGuide {
    static let path = Podman.repository + "/docs/deploy.md"
    static let systemdSection = "## Try the systemd export in a container"

    /// The `sh` blocks of the section under `heading` (up to the next heading of any level).
    static func blocks(under heading: String) throws -> [String] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(of: heading) else { throw TestSupportError("\(path) has no '\(heading)'") }
        var blocks: [String] = []
        var current: [String]?
        for line in lines[(start + 1)...] {
            if current == nil && line.hasPrefix("#") { break }
            if line == "```sh" {
                current = []
            } else if line == "```", let block = current {
                blocks.append(block.joined(separator: "\n"))
                current = nil
            } else if current != nil {
                current?.append(line)
            }
        }
        return blocks
    }

    /// The systemd section's second block: what runs inside the container, as root, from the
    /// binaries to the provisioned store (the first block starts the container on the host; the
    /// third tries the formation, which the check does step by step).
    static func systemdInstallScript() throws -> String {
        let blocks = try blocks(under: systemdSection)
        guard blocks.count >= 3, blocks[1].contains("supervisor export systemd") else {
            throw TestSupportError("\(path) '\(systemdSection)': expected three sh blocks, the second exporting; found \(blocks.count)")
        }
        return blocks[1]
    }
}
