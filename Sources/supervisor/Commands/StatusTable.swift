import ControlProtocol

/// `supervisor status` as a table for people.
enum StatusTable {
    static let headers = ["NAME", "TYPE", "PID", "PORT", "STATE", "RESTARTS", "UPTIME", "LAST EXIT", "CPU", "RSS"]

    static func render(_ rows: [InstanceStatus]) -> String {
        // The instances' own words (`STATUS=`) or what they wait for come last, when any has some.
        let withText = rows.contains { $0.statusText != nil || !$0.waitingFor.isEmpty || $0.check != nil }
        let headers = withText ? Self.headers + ["STATUS"] : Self.headers
        let cells = rows.map { row in withText ? Self.cells(row) + [Self.statusText(row)] : Self.cells(row) }
        let widths = headers.indices.map { column in ([headers] + cells).map { $0[column].count }.max() ?? 0 }
        return ([headers] + cells).map { line in
            line.indices.map { line[$0].padding(to: widths[$0]) }.joined(separator: "  ").trimmingTrailingSpaces
        }.joined(separator: "\n")
    }

    static func cells(_ row: InstanceStatus) -> [String] {
        let pid: String = row.pid.map { String($0) } ?? "-"
        let uptime: String = row.uptimeSeconds.map(duration) ?? "-"
        let exit: String = row.lastExit.map { String($0) } ?? "-"
        let cpu: String = row.cpuPercent.map { "\($0)%" } ?? "-"
        // With a cap (`--memory-max`), beside the use: `42M/512M`.
        let rss: String = (row.rssBytes.map(size) ?? "-") + (row.memoryMax.map { "/" + size($0) } ?? "")
        return [row.name, row.type, pid, String(row.port), row.state, String(row.restarts), uptime, exit, cpu, rss]
    }

    static func statusText(_ row: InstanceStatus) -> String {
        if !row.waitingFor.isEmpty { return "waits for " + row.waitingFor.joined(separator: ", ") }
        // The health check first (`check ok`, `check failing 2/3`), then the instance's own words.
        if let check = row.check { return (["check \(check)"] + (row.statusText.map { [$0] } ?? [])).joined(separator: "; ") }
        return row.statusText ?? "-"
    }

    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds)
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return "\(whole / 60)m\(whole % 60)s" }
        return "\(whole / 3600)h\(whole % 3600 / 60)m"
    }

    static func size(_ bytes: Int) -> String {
        let mebibytes = Double(bytes) / 1_048_576
        return mebibytes < 10 ? "\((mebibytes * 10).rounded() / 10)M" : "\(Int(mebibytes.rounded()))M"
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var view = Substring(self)
        while view.last == " " { view = view.dropLast() }
        return String(view)
    }
}
