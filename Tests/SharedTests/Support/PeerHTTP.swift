import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Plain HTTP calls to the peers' admin endpoints.
enum PeerHTTP {
    static func request(_ method: HTTPMethod, _ url: String, body: String? = nil) async throws -> (Int, String) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let buffer = try await response.body.collect(upTo: 1 << 24)
        return (Int(response.status.code), String(buffer: buffer))
    }

    static func json(_ url: String) async throws -> [String: Any] {
        let (_, text) = try await request(.GET, url)
        return (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
    }
}
