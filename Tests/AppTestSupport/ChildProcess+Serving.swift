import Foundation

extension ChildProcess {
    /// Polls `url` until it answers 200, while this process (a supervisor, a server) runs. Fails
    /// at once when the process has exited, and with its output either way: a formation stopped
    /// by an instance's failure says why instead of leaving a bare timeout.
    public func waitUntilServing(_ url: String, seconds: Double = 60) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let answer = try? await HTTPProbe.get(url, timeout: .seconds(2)), answer.status == 200 { return }
            guard process.isRunning else {
                throw TestSupportError("\(url) did not answer 200 and the process exited (status \(process.terminationStatus)); its output:\n\(output)\(errorOutput)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestSupportError("\(url) did not answer 200 within \(seconds)s; the process's output:\n\(output)\(errorOutput)")
    }
}
