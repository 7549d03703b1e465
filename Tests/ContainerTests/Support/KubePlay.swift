import AppTestSupport
import Foundation

/// The commands of docs/deploy.md's "Try the Kubernetes export locally with podman", as the
/// section prints them (the check fails when the section no longer holds one of them), run with
/// `/bin/sh -c` in the repository: `supervisor` is the image's own static binary, `podman` is
/// scripts/podman.sh on the session's store, and IMAGE, K8S and HOST_PORT are the session's image, a
/// folder of its own and a free port.
struct KubePlay: Sendable {
    let podman: Podman
    let image: String
    /// The export's folder (K8S); the local variants go into K8S/local.
    let folder: String
    /// The host port web's hostPort publishes (HOST_PORT).
    let port: Int
    /// The folder of the static `supervisor` the image holds.
    let binaries: String

    static let export = #"supervisor export kubernetes "$K8S" --app formation --image "$IMAGE" --image-pull-policy Never -m web=2,backup-job=0,provision=0 --ready web=notify"#
    static let makeLocal = #"mkdir -p "$K8S/local""#
    /// A CronJob's job template as a Pod, for each admin type (kube play runs Pods, not Jobs).
    static let jobPods = #"for job in provision backup-job; do { printf 'apiVersion: v1\nkind: Pod\n'; sed -e '1,/^      template:$/d' -e 's/^        //' -e "s/^metadata:\$/&\n  name: formation-$job/" "$K8S/formation-$job-cronjob.yaml"; } > "$K8S/local/formation-$job-pod.yaml"; done"#
    /// web with one replica whose port is published on the host (kube play makes a pod per
    /// replica, and a host port takes one), then the Service.
    static let localWeb = #"sed -e 's/^  replicas: 2$/  replicas: 1/' -e "s/^          containerPort: 5000\$/&\n          hostPort: $HOST_PORT\n          hostIP: \"127.0.0.1\"/" "$K8S/formation-web-deployment.yaml" > "$K8S/local/formation-web-deployment.yaml""#
    static let webWithService = #"{ cat "$K8S/local/formation-web-deployment.yaml"; echo ---; cat "$K8S/formation-web-service.yaml"; } > "$K8S/local/formation-web.yaml""#
    static let playStore = #"podman kube play "$K8S/formation-store-persistentvolumeclaim.yaml""#
    static func play(_ file: String) -> String {
        #"podman kube play --network slirp4netns:port_handler=slirp4netns --configmap "$K8S/formation-config-configmap.yaml" "$K8S/local/"# + file + #"""#
    }
    static func wait(_ job: String) -> String { "podman wait formation-\(job)-\(job)" }
    static let hello = #"curl -fsS "http://127.0.0.1:$HOST_PORT/hello""#
    /// web's readinessProbe, run by hand: kube play does not run readiness probes.
    static let ready = "podman exec formation-web-pod-0-web /usr/local/bin/supervisor status --ready"
    /// web's livenessProbe, which kube play made the container's health check.
    static let health = "podman healthcheck run formation-web-pod-0-web"
    static let healthStatus = "podman inspect --format '{{.State.Health.Status}}' formation-web-pod-0-web"
    /// SIGTERM, then SIGKILL after the container's stop timeout (terminationGracePeriodSeconds).
    /// podman 4.3's `kube down` stops with a timeout of 0 (SIGKILL at once), so the pod is
    /// stopped first.
    static let stopWeb = "podman pod stop formation-web-pod-0"
    static let webExit = "podman inspect --format '{{.State.ExitCode}}' formation-web-pod-0-web"
    static let downWeb = #"podman kube down "$K8S/local/formation-web.yaml""#
    static func down(_ job: String) -> String { #"podman kube down "$K8S/local/formation-"# + job + #"-pod.yaml""# }
    static let removeVolumes = "podman volume rm formation-store formation-config"
    /// The test's own variant (not the docs'): web on DynamoDB, reaching the host's loopback.
    static let playOnDynamoDB = #"podman kube play --network slirp4netns:port_handler=slirp4netns,allow_host_loopback=true --configmap "$K8S/formation-config-configmap.yaml" "$K8S/local/formation-web-dynamodb.yaml""#
    static let downDynamoDB = #"podman kube down "$K8S/local/formation-web-dynamodb.yaml""#
    /// The web container alone, with its stop timeout (terminationGracePeriodSeconds): the pod's
    /// infra container, which holds its network and slirp4netns's published port, stays up, as a
    /// cluster's pod sandbox does. (`podman pod stop` stops the infra container at once, and a
    /// request in flight through the published port is cut.)
    static let stopWebContainer = "podman stop formation-web-pod-0-web"

    /// Every line the docs must hold, in the order the check runs them.
    static let lines = [
        export, makeLocal, jobPods, localWeb, webWithService, playStore, play("formation-provision-pod.yaml"), wait("provision"),
        play("formation-web.yaml"), hello, ready, health, healthStatus, play("formation-backup-job-pod.yaml"), wait("backup-job"),
        stopWeb, webExit, downWeb, down("provision"), down("backup-job"), removeVolumes,
    ]

    /// Runs one line of the section.
    func run(_ line: String, seconds: Double = 120) async throws -> Command.Result {
        let prelude = #"podman() { "$FORMATION_REPOSITORY/scripts/podman.sh" "$@"; }; "#
        var environment = podman.environment
        environment["FORMATION_REPOSITORY"] = Podman.repository
        environment["IMAGE"] = image
        environment["K8S"] = folder
        environment["HOST_PORT"] = String(port)
        environment["PATH"] = binaries + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        return try await Command.run("/bin/sh", ["-c", prelude + line], directory: Podman.repository, environment: environment, seconds: seconds)
    }

    /// Runs `line` and returns its output; throws unless it exits 0.
    @discardableResult
    func succeed(_ line: String, seconds: Double = 120) async throws -> String {
        let result = try await run(line, seconds: seconds)
        guard result.status == 0 else {
            throw TestSupportError("\(line)\nexited \(result.status.map(String.init) ?? "on timeout"): \(result.error)\(result.output)")
        }
        return result.output
    }

    /// K8S/local/formation-web-dynamodb.yaml: the local web (formation-web.yaml) with the
    /// store `environment` names (STORE_URL and the AWS variables) instead of the embedded one.
    func writeOnDynamoDB(_ environment: [String: String]) throws {
        let local = URL(fileURLWithPath: folder).appendingPathComponent("local")
        let web = try String(contentsOf: local.appendingPathComponent("formation-web.yaml"), encoding: .utf8)
        let embedded = "        - name: \"STORE_URL\"\n          value: \"sqlite:var/formation.sqlite\"\n"
        guard web.contains(embedded) else { throw TestSupportError("formation-web.yaml has no STORE_URL of the embedded store:\n\(web)") }
        let entries = environment.sorted { $0.key < $1.key }.map { "        - name: \"\($0.key)\"\n          value: \"\($0.value)\"\n" }
        try web.replacingOccurrences(of: embedded, with: entries.joined())
            .write(to: local.appendingPathComponent("formation-web-dynamodb.yaml"), atomically: true, encoding: .utf8)
    }

    /// What is left of a run that failed half-way: the pods, the volumes. Errors are ignored (some were never made).
    func cleanUp() async {
        for line in [Self.downWeb, Self.downDynamoDB, Self.down("provision"), Self.down("backup-job"), Self.removeVolumes] {
            _ = try? await run(line)
        }
    }
}
