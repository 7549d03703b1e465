import AppCore
import Shared

/// The `/hello` page, as the reference renders it, with every value HTML-escaped and the
/// background colour checked.
enum HelloPage {
    /// The page for the reference item.
    static func render(_ item: Item) -> String {
        let color = CSSColor.validated(text(item["BgColor"])) ?? CSSColor.fallback
        let name = HTMLEscape.escape(text(item["Name"]) ?? "")
        let language = HTMLEscape.escape(text(item["Language"]) ?? "")
        let platform = HTMLEscape.escape(text(item["Platform"]) ?? "")
        return "<html><body style=\"background-color:\(color);color:white;text-align:center\">"
            + "<p><strong><h1>Hello from \(name)!</h1></strong></p>"
            + "<p><h2>Developed with \(language), deployed with \(platform)</h2></p></body></html>"
    }

    /// The 404 page: which table and key were read.
    static func notFound(table: String, keyName: String, keyValue: String) -> String {
        "<html><body><h1>Not found</h1><p>No item with \(HTMLEscape.escape(keyName)) = "
            + "\(HTMLEscape.escape(keyValue)) in table \(HTMLEscape.escape(table)).</p></body></html>"
    }

    /// A string or number attribute as text; other types are not shown.
    static func text(_ value: AttributeValue?) -> String? {
        switch value {
        case .s(let text): text
        case .n(let text): text
        default: nil
        }
    }
}
