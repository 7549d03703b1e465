/// The `text/event-stream` framing (the HTML standard's server-sent events); pure.
enum ServerSentEvent {
    /// One event: `event: NAME` when named, then a `data:` line per line of `data`, then a blank
    /// line. Line breaks in `data` (CR, LF) start new `data:` lines, so no data can end the
    /// event early or forge a field.
    static func frame(_ data: String, event: String? = nil) -> String {
        var text = ""
        if let event { text += "event: \(event)\n" }
        for line in data.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            text += "data: \(line)\n"
        }
        return text + "\n"
    }

    /// A comment line: keeps proxies and the browser from timing the stream out, and finds a
    /// page that went away.
    static let keepAlive = ": keep-alive\n\n"

    /// Asks the browser to reconnect one second after the stream ends.
    static let retry = "retry: 1000\n\n"
}
