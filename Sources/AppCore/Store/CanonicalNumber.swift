import Foundation

/// DynamoDB numbers compare by value: `1`, `1.0` and `10E-1` are the same key. This gives the
/// one text used to address such a key in the embedded store.
public enum CanonicalNumber {
    /// The canonical text of a number, or `nil` if `text` is not a number.
    public static func normalize(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, let decimal = Decimal(string: trimmed, locale: Locale(identifier: "en_US_POSIX")),
              !decimal.isNaN else { return nil }
        // Decimal(string:) accepts a numeric prefix ("12abc"); reject anything but a number.
        guard trimmed.allSatisfy({ $0.isNumber || "+-.eE".contains($0) }) else { return nil }
        return decimal.description
    }
}
