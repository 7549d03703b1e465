import Testing
@testable import dashboard

@Suite("FormBody and DashboardAction")
struct FormBodyTests {
    @Test("fields are split on & and the first =; + is a space; %XX a byte")
    func decoding() {
        let form = FormBody("target=web.2&formation=web%3D3%2Cworker%3D0&note=a+b%20c&empty=&bare&target=second")
        #expect(form["target"] == "web.2")
        #expect(form["formation"] == "web=3,worker=0")
        #expect(form["note"] == "a b c")
        #expect(form["empty"] == "")
        #expect(form["bare"] == "")
        #expect(form["missing"] == nil)
        #expect(form.fields.count == 6)
    }

    @Test("malformed escapes stay as they are; UTF-8 is decoded, invalid bytes replaced")
    func malformed() {
        #expect(FormBody("a=%zz%4")["a"] == "%zz%4")
        #expect(FormBody("a=%C3%A9")["a"] == "é")
        #expect(FormBody("a=%FF")["a"] == "\u{FFFD}")
    }

    @Test("the actions read their field into a control request; an empty or missing one is refused")
    func actions() {
        #expect(DashboardAction.restart.request(FormBody("target=web.2")) == .restart(targets: ["web.2"]))
        #expect(DashboardAction.stop.request(FormBody("target=web")) == .stop(targets: ["web"]))
        #expect(DashboardAction.scale.request(FormBody("formation=web%3D3")) == .scale(formation: "web=3"))
        #expect(DashboardAction.restart.request(FormBody("target=")) == nil)
        #expect(DashboardAction.scale.request(FormBody("target=web")) == nil)
        #expect(DashboardAction.scale.missingField.contains("formation=web=3"))
    }
}
