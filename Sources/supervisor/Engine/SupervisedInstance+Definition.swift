extension SupervisedInstance {
    /// Takes `definition` for its next run (a run going on keeps what it started with).
    mutating func define(_ definition: InstanceDefinition) {
        command = definition.command
        port = definition.port
        typeIndex = definition.typeIndex
    }
}
