import Foundation
import PeerSupport

/// A process the tests start (the supervisor, mostly), with stdout and stderr collected.
public final class ChildProcess: @unchecked Sendable {
    // @unchecked: every stored property is immutable after init; the collectors lock their own.
    public let process = Process()
    private let stdout = PipeCollector()
    private let stderr = PipeCollector()

    /// Starts `executable arguments` in `directory` with `environment`.
    public init(_ executable: String, _ arguments: [String], directory: String, environment: [String: String]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdout.pipe
        process.standardError = stderr.pipe
        try process.run()
    }

    /// The process id.
    public var pid: Int32 { process.processIdentifier }

    /// What it wrote to stdout so far.
    public var output: String { stdout.text }

    /// What it wrote to stderr so far.
    public var errorOutput: String { stderr.text }

    /// Sends a signal.
    public func signal(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits until stdout contains `text` `times` times; false on timeout.
    public func waitFor(_ text: String, times: Int = 1, seconds: Double = 30) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if output.components(separatedBy: text).count - 1 >= times { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// Waits for the exit and returns the status; on timeout SIGKILLs it and returns `nil`.
    public func waitForExit(seconds: Double = 60) async -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            while process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
            return nil
        }
        // Up to the pipes' end: what the process wrote last is read by then.
        let drained = Date().addingTimeInterval(2)
        await stdout.waitForEnd(until: drained)
        await stderr.waitForEnd(until: drained)
        return process.terminationStatus
    }

    /// Runs a command to completion: its status, stdout and stderr.
    public static func run(_ executable: String, _ arguments: [String], directory: String, environment: [String: String], seconds: Double = 120) async throws -> (status: Int32?, output: String, error: String) {
        let child = try ChildProcess(executable, arguments, directory: directory, environment: environment)
        let status = await child.waitForExit(seconds: seconds)
        return (status, child.output, child.errorOutput)
    }
}
