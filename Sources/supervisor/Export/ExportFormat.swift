import ArgumentParser

/// The engines `supervisor export` writes for.
enum ExportFormat: String, CaseIterable, ExpressibleByArgument {
    case systemd
    case ecs
    case kubernetes
}
