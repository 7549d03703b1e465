import Testing

/// One check of the image in the engine; each builds and removes its own containers.
enum EngineCheck: String, CaseIterable, CustomTestStringConvertible {
    case image, admin, web, stop, kill, readOnly, kubePlay, systemdHost

    var testDescription: String {
        switch self {
        case .image: "the image: ENTRYPOINT and CMD as supervisor export ecs and kubernetes run it, the stripped binaries, its size"
        case .admin: "admin role: run provision and run backup-job exit 0, a configuration error exits 78"
        case .web: "web role: / and /hello through -p, supervisor PID 1 as 10001 reaping an orphan, podman logs with prefixes, podman stop"
        case .stop: "podman stop -t 10 with a /hello in flight: answered, exit 0 within the supervisor's grace"
        case .kill: "podman kill -s KILL leaves no process, listener or mount behind"
        case .readOnly: "--read-only root with a tmpfs /tmp: web serves, nothing else is writable"
        case .kubePlay: "supervisor export kubernetes of this repository in podman kube play: provision and backup-job pods exit 0, web answers /hello, its probes pass, kube down exits 0"
        case .systemdHost: "supervisor export systemd under systemd as PID 1 (docs/deploy.md's how-to): notify units active at READY=1, reload, timer, journal fields, stop with a /hello in flight"
        }
    }
}

/// The production image, built with the project's Dockerfile from a Debian made here
/// (scripts/container-image.sh), run in podman as the exports run each role. Skipped, with one
/// line saying why, only when no container engine can run here.
@Suite("Container image in podman")
struct ImageInEngineTests {
    @Test(
        "the image in podman", .disabled(if: ContainerEngine.unavailable != nil, ContainerEngine.comment),
        .serialized, BuiltImage(), arguments: EngineCheck.allCases)
    func check(_ check: EngineCheck) async throws {
        let session = try #require(ImageSession.current)
        switch check {
        case .image: try await ImageCheck.run(session)
        case .admin: try await AdminRoleCheck.run(session)
        case .web: try await WebRoleCheck.run(session)
        case .stop: try await StopCheck.run(session)
        case .kill: try await KillCheck.run(session)
        case .readOnly: try await ReadOnlyCheck.run(session)
        case .kubePlay: try await KubePlayCheck.run(session)
        case .systemdHost: try await SystemdHostCheck.run(session)
        }
    }
}
