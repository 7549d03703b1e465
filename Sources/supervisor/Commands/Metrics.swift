import ArgumentParser
import ControlProtocol

extension SupervisorCommand {
    /// `supervisor metrics`: one `status` request, printed in Prometheus's text format
    /// (`FormationMetrics`, the same rendering the dashboard serves at `/metrics`).
    struct Metrics: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the running formation's metrics in the Prometheus text format (per instance: up, ready, restarts, CPU, memory, output).",
            discussion: "The dashboard serves the same text at /metrics. With --json: the status reply the text is made from.")
        @OptionGroup var options: ControlOptions

        func run() throws {
            var problem: ControlProtocolError?
            try ControlCommand.run(.status, options) { body in
                do throws(ControlProtocolError) {
                    print(try FormationMetrics(status: body).text, terminator: "")
                } catch {
                    problem = error
                }
            }
            if let problem {
                CommandSupport.report(["the formation's status reply cannot be read: \(problem)"])
                throw ExitCode(CommandSupport.unavailable)
            }
        }
    }
}
