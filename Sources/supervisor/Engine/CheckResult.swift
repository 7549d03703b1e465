/// How one health check ended: healthy or not, and the answer in a few words for people
/// (`HTTP 200`, `HTTP 503`, `connection refused`, `exited with status 1`, `timed out after 1s`).
struct CheckResult: Equatable, Sendable {
    var healthy: Bool
    var answer: String
}
