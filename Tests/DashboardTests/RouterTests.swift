import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import dashboard

/// The routes in process (no socket): the token, the headers, the actions' answers when no
/// formation runs. The browser tests (SupervisorTests/Dashboard) run them for real.
@Suite("the dashboard's routes, in process")
struct RouterTests {
    static let token = AccessToken(value: String(repeating: "5a", count: 32))
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
    static var formWithToken: HTTPFields {
        var fields = form
        fields[.formationToken] = token.value
        return fields
    }

    static func app() -> some ApplicationProtocol {
        Application(router: buildRouter(control: ControlChannel(path: "/nonexistent/formation.sock"), hub: StatusHub(), token: token))
    }

    @Test("without the token every request is refused with 403, the security headers included")
    func refused() async throws {
        let wrong = String(repeating: "5b", count: 32)
        try await Self.app().test(.router) { client in
            for path in ["/", "/app.js", "/app.css", "/events/status", "/events/logs", "/nope", "/?token=\(wrong)", "/?token="] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .forbidden, "GET \(path)")
                    #expect(response.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
                    #expect(response.headers[.referrerPolicy] == "no-referrer")
                }
            }
            // A POST takes the token from its header or form only, never from the URL.
            try await client.execute(uri: "/api/restart?token=\(Self.token.value)", method: .post, headers: Self.form, body: ByteBuffer(string: "target=web.1")) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/stop", method: .post, headers: Self.form, body: ByteBuffer(string: "target=web.1&token=\(wrong)")) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/stop?token=\(Self.token.value)", method: .put, headers: Self.form, body: ByteBuffer(string: "target=web.1")) { response in
                #expect(response.status == .forbidden)
            }
        }
    }

    @Test("with the token: the page and its assets; actions answer 502 when no formation runs, 400 for a bad form")
    func allowed() async throws {
        try await Self.app().test(.router) { client in
            try await client.execute(uri: "/?token=\(Self.token.value)", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(String(buffer: response.body).contains("app.js?token=\(Self.token.value)"))
            }
            try await client.execute(uri: "/app.js", method: .get, headers: [.formationToken: Self.token.value]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
            }
            try await client.execute(uri: "/api/restart", method: .post, headers: Self.formWithToken, body: ByteBuffer(string: "target=web.1")) { response in
                #expect(response.status == .badGateway)
                #expect(String(buffer: response.body).contains("no formation answers on the control socket /nonexistent/formation.sock"))
            }
            try await client.execute(uri: "/api/scale", method: .post, headers: Self.form, body: ByteBuffer(string: "token=\(Self.token.value)&target=web")) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("scale needs a form field formation"))
            }
        }
    }

    @Test("the page's script never writes HTML from data, and nothing is loaded from elsewhere (the page works offline)")
    func assets() {
        for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("] {
            #expect(!PageScript.text.contains(sink), "\(sink)")
        }
        let script = PageScript.text.replacingOccurrences(of: "\"http://www.w3.org/2000/svg\"", with: "")
        for text in [PageHTML.template, PageCSS.text, script] {
            #expect(!text.contains("http://") && !text.contains("https://") && !text.contains("//cdn"))
            #expect(!text.contains("@import"))
        }
        #expect(!PageHTML.template.contains("<script>") && !PageHTML.template.contains("style="))
    }
}
