import Foundation

/// The shared special cases of encoding and decoding.
enum ItemEncoding {
    static func special<T>(_ value: T) -> AttributeValue? {
        switch value {
        case let data as Data: return .b(data)
        case let date as Date: return .s(isoString(date))
        case let decimal as Decimal: return .n(decimal.description)
        case let url as URL: return .s(url.absoluteString)
        case let set as Set<String>: return .ss(set.sorted())
        case let set as Set<Int>: return .ns(set.sorted().map(String.init))
        case let set as Set<Data>: return .bs(set.sorted { $0.lexicographicallyPrecedes($1) })
        default: return nil
        }
    }

    static func isoString(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    static func date(from text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        return ISO8601DateFormatter().date(from: text)
    }
}
