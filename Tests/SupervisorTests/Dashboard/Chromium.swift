import Foundation
import Testing

/// Debian's `chromium` and `chromium-driver` (scripts/test.sh installs them); the browser
/// tests are skipped, with one line saying why, when they are missing.
enum Chromium {
    static let browserPath = "/usr/bin/chromium"
    static let driverPath = "/usr/bin/chromedriver"

    /// Why the browser tests cannot run here; nil when they can.
    static let unavailable: String? = {
        let missing = [browserPath, driverPath].filter { !FileManager.default.isExecutableFile(atPath: $0) }
        return missing.isEmpty ? nil : "\(missing.joined(separator: " and ")) missing: install Debian's chromium and chromium-driver (./scripts/test.sh does)"
    }()

    /// The skip line.
    static var comment: Comment { Comment(rawValue: "no headless browser here: \(unavailable ?? "")") }
}
