import ArgumentParser
import ControlProtocol
import Glibc

extension SupervisorCommand {
    struct Logs: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the last lines of instances (all by default) from the running formation's memory, and follow new ones with -f.")
        @OptionGroup var options: ControlOptions

        @Flag(name: [.customShort("f"), .long], help: "Keep printing new lines until interrupted.")
        var follow = false

        @Option(name: [.customShort("n"), .long], help: "Lines per instance to show first (the formation keeps up to 1000).")
        var lines = 100

        @Argument(help: "Process types or instances (default: all).") var targets: [String] = []

        func validate() throws {
            guard (0...100_000).contains(lines) else { throw ValidationError("-n/--lines must be between 0 and 100000, got \(lines)") }
        }

        func run() throws {
            var connection = try ControlCommand.connect(options)
            let reply = try CommandSupport.orExit { () throws(SupervisorError) in
                try connection.ask(.logs(targets: targets, lines: lines, follow: follow))
            }
            try ControlCommand.accepted(reply)
            let width = (reply.body["instances"]?.arrayValue ?? []).compactMap(\.stringValue).map(\.count).max() ?? 0
            while let line = try CommandSupport.orExit({ () throws(SupervisorError) in try connection.readLine(timeout: -1) }) {
                if options.json {
                    StandardError.write(String(decoding: line, as: UTF8.self) + "\n", to: 1)
                } else if let entry = try? JSONValue.parse(line), let instance = entry["instance"]?.stringValue,
                          let text = entry["line"]?.stringValue {
                    StandardError.write("\(instance.padding(to: width)) | \(text)\n", to: 1)
                }
            }
        }
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
