import Foundation

/// Turns an error answer (JSON `__type`/`message`, the `x-amzn-ErrorType` header, or an XML
/// `<Code>`/`<Message>` body) into an ``AWSError``; pure.
public enum AWSErrorParser {
    /// Parses an error answer of `statusCode` with `body`.
    public static func parse(
        statusCode: Int,
        body: [UInt8],
        errorTypeHeader: String?,
        requestID: String?,
        service: String,
        operation: String
    ) -> AWSError {
        var type: String?
        var message: String?
        if let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] {
            type = (object["__type"] as? String) ?? (object["code"] as? String) ?? (object["Code"] as? String)
            message = (object["message"] as? String) ?? (object["Message"] as? String)
        } else if let text = String(bytes: body, encoding: .utf8), text.contains("<Code>") {
            type = between(text, "<Code>", "</Code>")
            message = between(text, "<Message>", "</Message>")
        }
        if type == nil, let header = errorTypeHeader, !header.isEmpty {
            type = header
        }
        let code = type.map(shortCode) ?? (statusCode >= 500 ? "InternalServerError" : "HTTP\(statusCode)")
        return AWSError(
            code: AWSError.Code(code),
            message: message ?? "",
            statusCode: statusCode,
            service: service,
            operation: operation,
            requestID: requestID
        )
    }

    /// `com.amazonaws.dynamodb.v20120810#ResourceNotFoundException` -> `ResourceNotFoundException`;
    /// `Foo:http://...` -> `Foo`.
    static func shortCode(_ type: String) -> String {
        var code = Substring(type)
        if let hash = code.lastIndex(of: "#") { code = code[code.index(after: hash)...] }
        if let colon = code.firstIndex(of: ":") { code = code[..<colon] }
        return String(code)
    }

    private static func between(_ text: String, _ open: String, _ close: String) -> String? {
        guard let start = text.range(of: open), let end = text.range(of: close, range: start.upperBound..<text.endIndex) else { return nil }
        return String(text[start.upperBound..<end.lowerBound])
    }
}
