import AsyncHTTPClient
import Foundation
import NIOCore

/// One HTTP request and its whole answer, for the WebDriver client and the dashboard's refusals
/// (AsyncHTTPClient: Foundation's URLSession on Linux fails on chromedriver's answers with
/// "Failed writing header").
enum HTTPExchange {
    struct Answer {
        var status: Int
        /// Names lowercased; the last value wins.
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    static func send(_ method: String, _ url: String, headers: [String: String] = [:], body: Data? = nil, timeout: Int64 = 30) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(timeout))
        let collected = try await response.body.collect(upTo: 64 << 20)
        var fields: [String: String] = [:]
        for header in response.headers { fields[header.name.lowercased()] = header.value }
        return Answer(status: Int(response.status.code), headers: fields, body: Data(collected.readableBytesView))
    }
}
