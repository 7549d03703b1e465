/// The formation's state as Prometheus reads it: the values of one `status` reply, rendered by
/// `text` in the text exposition format 0.0.4. `supervisor metrics` prints it and the dashboard
/// serves it at `/metrics`, both from the same reply, so the two never disagree.
public struct FormationMetrics: Equatable, Sendable {
    public var instances: [InstanceStatus]
    public var admin: [AdminStatus]
    /// Control clients connected when the reply was made (the one asking included); nil when
    /// the supervisor does not say (an older one).
    public var clients: Int?
    /// Output bytes the supervisor could not write to its stdout (a reader that went away).
    public var lostOutputBytes: Int?

    public init(instances: [InstanceStatus], admin: [AdminStatus] = [], clients: Int? = nil, lostOutputBytes: Int? = nil) {
        self.instances = instances
        self.admin = admin
        self.clients = clients
        self.lostOutputBytes = lostOutputBytes
    }

    /// The values of a `status` reply's body (`instances`, `admin`, `clients`, `lost_output_bytes`).
    public init(status body: JSONValue) throws(ControlProtocolError) {
        var instances: [InstanceStatus] = []
        for row in body["instances"]?.arrayValue ?? [] { instances.append(try InstanceStatus(json: row)) }
        var admin: [AdminStatus] = []
        for row in body["admin"]?.arrayValue ?? [] { admin.append(try AdminStatus(json: row)) }
        let clients = body["clients"]?.intValue
        let lost = body["lost_output_bytes"]?.intValue
        self.init(instances: instances, admin: admin, clients: clients, lostOutputBytes: lost)
    }

    /// The content type of `text` (what `/metrics` answers with).
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"
}
