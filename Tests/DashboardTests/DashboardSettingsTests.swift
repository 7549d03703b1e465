import Testing
@testable import dashboard

@Suite("DashboardSettings")
struct DashboardSettingsTests {
    @Test("--control, else FORMATION_CONTROL; --port, else PORT, else a free port; 127.0.0.1 by default")
    func resolution() throws {
        let environment = ["FORMATION_CONTROL": "/run/f.sock", "PORT": "5300"]
        #expect(try DashboardSettings.resolve(port: nil, listen: "127.0.0.1", control: nil, environment: environment)
            == DashboardSettings(listen: "127.0.0.1", port: 5300, controlPath: "/run/f.sock"))
        #expect(try DashboardSettings.resolve(port: 0, listen: "127.0.0.1", control: "/x.sock", environment: environment)
            == DashboardSettings(listen: "127.0.0.1", port: 0, controlPath: "/x.sock"))
        #expect(try DashboardSettings.resolve(port: nil, listen: "::1", control: nil, environment: ["FORMATION_CONTROL": "/a"]).port == 0)
    }

    @Test("no socket, a bad port or an empty address: one line saying how to fix it")
    func errors() {
        #expect(throws: DashboardSettingsError.noControlSocket) {
            try DashboardSettings.resolve(port: nil, listen: "127.0.0.1", control: nil, environment: ["FORMATION_CONTROL": ""])
        }
        #expect(throws: DashboardSettingsError.badPort("http", source: "PORT")) {
            try DashboardSettings.resolve(port: nil, listen: "127.0.0.1", control: "/a", environment: ["PORT": "http"])
        }
        #expect(throws: DashboardSettingsError.badPort("70000", source: "--port")) {
            try DashboardSettings.resolve(port: 70000, listen: "127.0.0.1", control: "/a", environment: [:])
        }
        #expect(throws: DashboardSettingsError.badListen) {
            try DashboardSettings.resolve(port: 1, listen: "", control: "/a", environment: [:])
        }
        #expect(!DashboardSettingsError.noControlSocket.description.contains("\n"))
    }

    @Test("the printed URL: the bound port and token; a wildcard address as 127.0.0.1, IPv6 in brackets")
    func url() {
        let token = AccessToken(value: "00ff")
        let settings = { (listen: String) in DashboardSettings(listen: listen, port: 0, controlPath: "/a") }
        #expect(settings("127.0.0.1").url(port: 8080, token: token) == "http://127.0.0.1:8080/?token=00ff")
        #expect(settings("0.0.0.0").url(port: 1, token: token) == "http://127.0.0.1:1/?token=00ff")
        #expect(settings("::1").url(port: 1, token: token) == "http://[::1]:1/?token=00ff")
    }
}
