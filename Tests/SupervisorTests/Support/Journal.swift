import Foundation

/// Reads entries back from the real journal with `journalctl -o json --all`.
enum Journal {
    /// One entry: field name to value bytes (journalctl gives binary values as byte arrays).
    struct Entry {
        let fields: [String: [UInt8]]

        subscript(_ key: String) -> String? { fields[key].map { String(decoding: $0, as: UTF8.self) } }
        var message: String { self["MESSAGE"] ?? "" }
    }

    /// Entries matching `matches` (e.g. `SYSLOG_IDENTIFIER=x`), waiting up to `seconds` until
    /// `until` holds for them.
    static func entries(_ matches: [String], seconds: Double = 10, until: ([Entry]) -> Bool = { !$0.isEmpty }) async throws -> [Entry] {
        let deadline = Date().addingTimeInterval(seconds)
        var found = try await read(matches)
        while !until(found) && Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
            found = try await read(matches)
        }
        return found
    }

    static func read(_ matches: [String]) async throws -> [Entry] {
        let output = try await Shell.run("journalctl -q -o json --all " + matches.map { "'\($0)'" }.joined(separator: " "))
        return output.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            var fields: [String: [UInt8]] = [:]
            for (key, value) in object {
                if let text = value as? String {
                    fields[key] = Array(text.utf8)
                } else if let bytes = value as? [Int] {
                    fields[key] = bytes.map { UInt8(truncatingIfNeeded: $0) }
                }
            }
            return Entry(fields: fields)
        }
    }

    /// MESSAGE of every entry matching `matches`, in journal order (`-o cat`: cheap for many).
    static func messages(_ matches: [String]) async throws -> [String] {
        let output = try await Shell.run("journalctl -q -o cat " + matches.map { "'\($0)'" }.joined(separator: " "))
        return output.split(separator: "\n").map(String.init)
    }

    /// A tag unique to one test, usable as a Procfile type name and SYSLOG_IDENTIFIER.
    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)\(UUID().uuidString.prefix(8).lowercased())"
    }
}
