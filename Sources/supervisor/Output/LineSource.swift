import Glibc

/// Which child stream a line came from. One object per stream of each process run; its `id` is
/// the same for every run of an instance's stream, so a sink can cache what it derives from it
/// (a formatted prefix; journal fields, which also name the pid, are rebuilt when it changes).
final class LineSource {
    enum Stream: String {
        case stdout
        case stderr
    }

    /// Small and dense (instance index × 2 + stream): sinks index caches with it.
    let id: Int
    /// The instance, e.g. `web.1`.
    let instance: String
    /// The process type, e.g. `web`.
    let type: String
    /// Position of the type in the Procfile, for stable colours.
    let typeIndex: Int
    let pid: pid_t
    let stream: Stream

    init(id: Int, instance: String, type: String, typeIndex: Int, pid: pid_t, stream: Stream) {
        self.id = id
        self.instance = instance
        self.type = type
        self.typeIndex = typeIndex
        self.pid = pid
        self.stream = stream
    }
}
