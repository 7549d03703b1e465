/// What an instance runs, as the Procfile and the port rule give it now: the command, the port
/// and the type's position in the Procfile. A reload sets it on every instance it plans; a scale
/// that brings a retired instance back sets it too, so an instance retired before a reload comes
/// back on the files read since, never on the ones it last ran with.
struct InstanceDefinition: Equatable, Sendable {
    let command: String
    let port: Int
    let typeIndex: Int
}
