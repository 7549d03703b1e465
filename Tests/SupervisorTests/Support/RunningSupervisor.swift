import Foundation

/// A real `supervisor` process started by a test, with its output collected.
final class RunningSupervisor: @unchecked Sendable {
    // @unchecked: `collected` is only touched under `lock`; the rest is immutable after init.
    let process = Process()
    private let lock = NSLock()
    private var collected = Data()
    private var collectedError = Data()

    /// Starts `supervisor ARGS` in `workspace` with the workspace's tag in the environment.
    /// `stdoutFile`: write stdout to that file instead of collecting it.
    init(_ arguments: [String], in workspace: Workspace, environment extra: [String: String] = [:], stdoutFile: String? = nil) throws {
        process.executableURL = URL(fileURLWithPath: SupervisorBinary.path)
        process.arguments = arguments
        process.currentDirectoryURL = workspace.url
        var environment = ProcessInfo.processInfo.environment
        environment["FORMATION_TEST_TAG"] = workspace.tag
        environment.removeValue(forKey: "PORT")
        environment.removeValue(forKey: "FORMATION")
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        if let stdoutFile {
            FileManager.default.createFile(atPath: stdoutFile, contents: nil)
            process.standardOutput = FileHandle(forWritingAtPath: stdoutFile)
        } else {
            let out = Pipe()
            out.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                guard let self else { return }
                self.lock.lock()
                self.collected.append(data)
                self.lock.unlock()
            }
            process.standardOutput = out
        }
        let err = Pipe()
        err.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self else { return }
            self.lock.lock()
            self.collectedError.append(data)
            self.lock.unlock()
        }
        process.standardError = err
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    var output: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: collected, as: UTF8.self)
    }

    var errorOutput: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: collectedError, as: UTF8.self)
    }

    /// Lines of stdout, without colour codes.
    var lines: [String] { output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits until stdout contains `text`; false on timeout.
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if output.contains(text) { return true }
            usleep(10_000)
        }
        return output.contains(text)
    }

    /// Waits for the exit; returns the status (nil on timeout, after which it is SIGKILLed).
    func waitForExit(seconds: Double = 20) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        // Let the pipe handlers collect what is left.
        usleep(50_000)
        return process.terminationStatus
    }
}
