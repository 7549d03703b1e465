import Shared

/// A parser of the test suite's `request.txt`: request line, headers (with folded continuation
/// lines), blank line, body.
struct RawHTTPRequest {
    var method: String
    var path: String
    var rawQuery: String?
    var headers: [SigV4Request.Header]
    var body: [UInt8]

    init(_ text: String) throws {
        var lines = text.components(separatedBy: "\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 3 else { throw ParseError(line: "request line") }
        method = String(requestLine[0])
        // The target may contain spaces (get-space): everything between method and version.
        let target = requestLine[1..<(requestLine.count - 1)].joined(separator: " ")
        if let question = target.firstIndex(of: "?") {
            path = String(target[..<question])
            rawQuery = String(target[target.index(after: question)...])
        } else {
            path = target
            rawQuery = nil
        }
        headers = []
        var bodyLines: [String] = []
        var inBody = false
        for line in lines {
            if inBody { bodyLines.append(line); continue }
            if line.isEmpty { inBody = true; continue }
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += "\n" + line
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { throw ParseError(line: line) }
            headers.append(SigV4Request.Header(name: String(line[..<colon]), value: String(line[line.index(after: colon)...])))
        }
        body = Array(bodyLines.joined(separator: "\n").utf8)
    }

    /// Query items, percent-decoded.
    var queryItems: [SigV4Request.QueryItem] {
        guard let rawQuery, !rawQuery.isEmpty else { return [] }
        return rawQuery.split(separator: "&").map { pair in
            if let equals = pair.firstIndex(of: "=") {
                return SigV4Request.QueryItem(name: percentDecode(pair[..<equals]), value: percentDecode(pair[pair.index(after: equals)...]))
            }
            return SigV4Request.QueryItem(name: percentDecode(pair), value: "")
        }
    }

    private func percentDecode(_ text: Substring) -> String {
        String(text).removingPercentEncoding ?? String(text)
    }

    struct ParseError: Error { var line: String }
}

import Foundation
