import Foundation

/// A real `supervisor` process started by a test, with its output collected.
final class RunningSupervisor: @unchecked Sendable {
    // @unchecked: the buffers and `openPipes` are only touched under `lock`; the rest is
    // immutable after init.
    let process = Process()
    private let lock = NSLock()
    private var collected = Data()
    private var collectedError = Data()
    /// The collecting pipes that have not reached their end yet.
    private var openPipes = 0

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
            _ = FileManager.default.createFile(atPath: stdoutFile, contents: nil)
            process.standardOutput = FileHandle(forWritingAtPath: stdoutFile)
        } else {
            process.standardOutput = collecting(errors: false)
        }
        process.standardError = collecting(errors: true)
        try process.run()
    }

    /// A pipe whose bytes are appended to one of the buffers as they arrive, until its end.
    private func collecting(errors: Bool) -> Pipe {
        let pipe = Pipe()
        openPipes += 1
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self else { return }
            self.lock.lock()
            defer { self.lock.unlock() }
            if data.isEmpty {
                // The end: no more calls (at its end a pipe stays readable, forever).
                guard handle.readabilityHandler != nil else { return }
                handle.readabilityHandler = nil
                self.openPipes -= 1
            } else if errors {
                self.collectedError.append(data)
            } else {
                self.collected.append(data)
            }
        }
        return pipe
    }

    /// Whether every collecting pipe has reached its end.
    private var collectedEverything: Bool {
        lock.lock()
        defer { lock.unlock() }
        return openPipes == 0
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

    /// Waits until stdout contains `text`; false on timeout. Polls with `Task.sleep`, so the
    /// thread is free for other tests meanwhile.
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 10) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if output.contains(text) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return output.contains(text)
    }

    /// Waits for the exit; returns the status (nil on timeout, after which it is SIGKILLed).
    /// The wait blocks a dedicated thread, not the cooperative pool.
    func waitForExit(seconds: Double = 20) async -> Int32? {
        let timeout = Task {
            try await Task.sleep(for: .seconds(seconds))
            return killIfRunning()
        }
        await DedicatedThread.run { self.process.waitUntilExit() }
        timeout.cancel()
        if (try? await timeout.value) == true { return nil }
        // Let the pipe handlers collect what is left: up to the pipes' end, which a process the
        // supervisor leaves behind for a moment (its watchdog, after a SIGKILL) may delay.
        let drained = Date().addingTimeInterval(2)
        while !collectedEverything && Date() < drained { try? await Task.sleep(for: .milliseconds(10)) }
        return process.terminationStatus
    }

    /// SIGKILLs the process if it is still running; whether it did.
    private func killIfRunning() -> Bool {
        guard process.isRunning else { return false }
        kill(process.processIdentifier, SIGKILL)
        return true
    }
}
