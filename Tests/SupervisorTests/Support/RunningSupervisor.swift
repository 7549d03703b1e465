import Foundation
import PeerSupport

/// A real `supervisor` process started by a test, with its output collected.
final class RunningSupervisor: @unchecked Sendable {
    // @unchecked: every stored property is immutable after init; the collectors lock their own.
    let process = Process()
    private let stdout = PipeCollector()
    private let stderr = PipeCollector()

    /// Starts `supervisor ARGS` in `workspace` with the workspace's tag in the environment.
    /// `stdoutFile`: write stdout to that file instead of collecting it. `limitDescriptors`:
    /// its RLIMIT_NOFILE (through `prlimit`, which execs it: the pid is the supervisor's).
    /// `executable`: another supervisor binary than the build's (an installed one).
    init(_ arguments: [String], in workspace: Workspace, environment extra: [String: String] = [:], stdoutFile: String? = nil,
         limitDescriptors: Int? = nil, executable: String = SupervisorBinary.path) throws {
        if let limit = limitDescriptors {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
            process.arguments = ["--nofile=\(limit):\(limit)", "--", executable] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
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
            try? stdout.pipe.fileHandleForWriting.close()   // unused: its end comes at once
        } else {
            process.standardOutput = stdout.pipe
        }
        process.standardError = stderr.pipe
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    var output: String { stdout.text }

    var errorOutput: String { stderr.text }

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
        // Let the readers collect what is left: up to the pipes' end, which a process the
        // supervisor leaves behind for a moment (its watchdog, after a SIGKILL) may delay.
        let deadline = Date().addingTimeInterval(2)
        await stdout.waitForEnd(until: deadline)
        await stderr.waitForEnd(until: deadline)
        return process.terminationStatus
    }

    /// SIGKILLs the process if it is still running; whether it did.
    private func killIfRunning() -> Bool {
        guard process.isRunning else { return false }
        kill(process.processIdentifier, SIGKILL)
        return true
    }
}
