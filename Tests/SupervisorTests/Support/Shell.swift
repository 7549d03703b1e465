import Foundation

/// Runs a shell command for a test and returns its stdout.
enum Shell {
    @discardableResult
    static func run(_ command: String, environment: [String: String]? = nil, directory: String? = nil) throws -> String {
        try runWithStatus(command, environment: environment, directory: directory).output
    }

    static func runWithStatus(_ command: String, environment: [String: String]? = nil, directory: String? = nil) throws -> (output: String, status: Int32) {
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
