import Procfile
import Testing

@Suite("Base port")
struct PortBaseTests {
    @Test func optionWinsOverEnvironment() throws {
        #expect(try PortBase.resolve(option: 4000, environment: ["PORT": "6000"]) == 4000)
    }

    @Test func environmentIsUsedWithoutOption() throws {
        #expect(try PortBase.resolve(option: nil, environment: ["PORT": "6000"]) == 6000)
        #expect(try PortBase.resolve(option: nil, environment: ["PORT": " 7000\t"]) == 7000)
    }

    @Test func defaultsTo5000() throws {
        #expect(try PortBase.resolve(option: nil, environment: [:]) == 5000)
    }

    @Test(arguments: [1, 65535])
    func acceptsBounds(port: Int) throws {
        #expect(try PortBase.resolve(option: port, environment: [:]) == port)
        #expect(try PortBase.resolve(option: nil, environment: ["PORT": String(port)]) == port)
    }

    @Test(arguments: [0, -1, 65536])
    func rejectsOutOfRangeOption(port: Int) {
        let found = diagnostic { () throws(ProcfileError) in try PortBase.resolve(option: port, environment: ["PORT": "80"]) }
        #expect(found == Diagnostic(
            code: .invalidPort, file: "--port", line: 1, column: 1,
            message: "invalid port '\(port)' from --port; use a whole number between 1 and 65535"))
    }

    @Test(arguments: ["abc", "", "0", "65536", "-5", "+80", "80x", "5000.0", "99999999999999999999"])
    func rejectsInvalidEnvironmentPort(value: String) {
        let found = diagnostic { () throws(ProcfileError) in try PortBase.resolve(option: nil, environment: ["PORT": value]) }
        #expect(found == Diagnostic(
            code: .invalidPort, file: "PORT", line: 1, column: 1,
            message: "invalid port '\(value)' from PORT; use a whole number between 1 and 65535"))
    }
}
