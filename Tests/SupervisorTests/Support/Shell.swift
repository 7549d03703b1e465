import Foundation

/// Runs a shell command for a test and returns its stdout. The command runs to its end on a
/// dedicated thread (see `DedicatedThread`), never on the cooperative pool.
enum Shell {
    @discardableResult
    static func run(_ command: String, environment: [String: String]? = nil, directory: String? = nil) async throws -> String {
        try await runWithStatus(command, environment: environment, directory: directory).output
    }

    static func runWithStatus(_ command: String, environment: [String: String]? = nil, directory: String? = nil) async throws -> (output: String, status: Int32) {
        try await DedicatedThread.run { try runBlocking(command, environment: environment, directory: directory) }
    }

    private static func runBlocking(_ command: String, environment: [String: String]?, directory: String?) throws -> (output: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), process.terminationStatus)
    }
}

extension Shell {
    /// Runs `command` and returns stdout, stderr (through a temporary file) and the exit status.
    static func runCapturingStderr(_ command: String, directory: String? = nil) async throws -> (output: String, error: String, status: Int32) {
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("stderr-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: errorFile) }
        let result = try await runWithStatus("(\(command)) 2>'\(errorFile)'", directory: directory)
        let error = (try? String(contentsOfFile: errorFile, encoding: .utf8)) ?? ""
        return (result.output, error, result.status)
    }
}
