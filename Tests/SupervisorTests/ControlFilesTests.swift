import AppTestSupport
import Testing

@testable import supervisor

/// The tests' cleanup of the control directory names files as the supervisor does.
@Suite("ControlFiles: the tests' cleanup finds the supervisor's files")
struct ControlFilesTests {
    @Test("ControlFiles.hash is ControlSocket.hash", arguments: ["/", "/tmp/formation-1", "/tmp/é x/y", ""])
    func sameHash(_ root: String) {
        #expect(ControlFiles.hash(root) == ControlSocket.hash(root))
    }
}
