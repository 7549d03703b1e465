import Foundation

/// A process the tests start (the supervisor, mostly), with stdout and stderr collected.
public final class ChildProcess: @unchecked Sendable {
    // @unchecked: the buffers are only touched under `lock`; the rest is immutable after init.
    public let process = Process()
    private let lock = NSLock()
    private var stdoutData = Data()
    private var stderrData = Data()

    /// Starts `executable arguments` in `directory` with `environment`.
    public init(_ executable: String, _ arguments: [String], directory: String, environment: [String: String]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        let out = Pipe()
        let err = Pipe()
        out.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.append(data, toError: false)
        }
        err.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.append(data, toError: true)
        }
        process.standardOutput = out
        process.standardError = err
        try process.run()
    }

    private func append(_ data: Data, toError: Bool) {
        lock.lock()
        if toError { stderrData.append(data) } else { stdoutData.append(data) }
        lock.unlock()
    }

    /// The process id.
    public var pid: Int32 { process.processIdentifier }

    /// What it wrote to stdout so far.
    public var output: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: stdoutData, as: UTF8.self)
    }

    /// What it wrote to stderr so far.
    public var errorOutput: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: stderrData, as: UTF8.self)
    }

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
        try? await Task.sleep(for: .milliseconds(100))  // let the pipe handlers drain
        return process.terminationStatus
    }

    /// Runs a command to completion: its status, stdout and stderr.
    public static func run(_ executable: String, _ arguments: [String], directory: String, environment: [String: String], seconds: Double = 120) async throws -> (status: Int32?, output: String, error: String) {
        let child = try ChildProcess(executable, arguments, directory: directory, environment: environment)
        let status = await child.waitForExit(seconds: seconds)
        return (status, child.output, child.errorOutput)
    }
}
