import AppTestSupport
import Foundation
import Testing

/// The systemd export under a real systemd: a container whose PID 1 is systemd, the image's
/// binaries installed and the reference app exported exactly as docs/deploy.md's "Try the
/// systemd export in a container" says (its install block runs here as written), then
/// `systemctl start APP.target`: every unit active, the `Type=notify` web units active only once
/// web said READY=1 (the first request after the start answers), `systemctl reload`, the admin
/// type's timer and a run by hand, the journal's instance fields, `systemctl stop` idle and with
/// a request in flight (web on DynamoDB, moto behind a proxy that holds the request).
enum SystemdHostCheck {
    static let app = "formation"
    static let webUnits = ["formation-web@5000.service", "formation-web@5001.service"]

    static func run(_ session: ImageSession) async throws {
        let clock = ContinuousClock()
        let began = clock.now
        print(try await SystemdHost.image(session))
        let binaries = try await ContainerArtefacts.shared.builtBinaries()
        let install = try DeployGuide.systemdInstallScript()
        try await SystemdHost.with(session, binaries: binaries.directory) { host in
            try await host.succeed("set -eu\n" + install, seconds: 300)
            try await checkStart(host)
            try await checkReload(host)
            try await checkAdmin(host)
            try await checkJournal(host)
            try await checkIdleStop(host)
            try await checkStopInFlight(host)
        }
        await Figures.shared.record("systemd: the whole check (host image imported, systemd booted, installed, every step, removed) in \(Figures.seconds(clock.now - began))")
    }

    /// `systemctl start APP.target` returns once both web units are active, which for
    /// `Type=notify` is web's READY=1: the first request right after answers on both ports.
    static func checkStart(_ host: SystemdHost) async throws {
        let timing = try await host.succeed(#"""
            started=$(date +%s%N)
            systemctl start formation.target
            returned=$(date +%s%N)
            first=$(curl -s -o /dev/null -w '%{http_code}' localhost:5000/hello)
            second=$(curl -s -o /dev/null -w '%{http_code}' localhost:5001/hello)
            until curl -fs -o /dev/null localhost:5000/hello; do sleep 0.01; done
            echo "$first $second $(( (returned - started) / 1000000 ))"
            """#)
        let fields = timing.split(separator: " ").map(String.init)
        #expect(fields.count == 3 && fields[0] == "200" && fields[1] == "200", "the first /hello after systemctl start returned: \(timing)")
        if fields.count == 3 {
            await Figures.shared.record("systemd: systemctl start formation.target returned after \(fields[2]) ms (two Type=notify web units), and the first /hello right after answered 200 on both ports")
        }
        for unit in webUnits {
            #expect(try await host.property("Type", of: unit) == "notify")
            #expect(try await host.property("ActiveState", of: unit) == "active")
            #expect(try await host.property("SubState", of: unit) == "running")
            // Active later than the main process started: systemd waited for READY=1.
            let forked = Int(try await host.property("ExecMainStartTimestampMonotonic", of: unit)) ?? 0
            let active = Int(try await host.property("ActiveEnterTimestampMonotonic", of: unit)) ?? 0
            #expect(forked > 0 && active > forked, "\(unit): started \(forked) µs, active \(active) µs")
        }
        #expect(try await host.property("ActiveState", of: "formation.target") == "active")
        let failed = try await host.succeed("systemctl list-units --failed --plain --no-legend")
        #expect(failed.isEmpty, "failed units: \(failed)")
        let hello = try await HTTPProbe.get(host.url("/hello"))
        #expect(hello.status == 200 && hello.body.contains("Hello from Formation!"), "through the published port: \(hello.status) \(hello.body)")
    }

    /// `systemctl reload` sends SIGHUP through `supervisor run` to web, which re-reads its
    /// dynamic config and keeps running: same processes, still active.
    static func checkReload(_ host: SystemdHost) async throws {
        let unit = webUnits[0]
        let before = try await host.succeed("pgrep -u formation -x web | sort")
        let mainBefore = try await host.property("MainPID", of: unit)
        try await host.succeed("systemctl reload \(unit)")
        let logged = try await host.shell("for i in $(seq 100); do journalctl -u \(unit) -o cat | grep -q 'SIGHUP: ' && exit 0; sleep 0.1; done; exit 1")
        if logged.status != 0 {
            Issue.record("no 'SIGHUP: ' line from web after systemctl reload: \(await host.journal(unit))")
        }
        #expect(try await host.property("MainPID", of: unit) == mainBefore)
        #expect(try await host.succeed("pgrep -u formation -x web | sort") == before, "web was restarted by the reload")
        #expect(try await host.property("ActiveState", of: unit) == "active")
    }

    /// The scheduled admin type: its timer is listed with a next run, and `systemctl start` of its
    /// service runs it now, to success.
    static func checkAdmin(_ host: SystemdHost) async throws {
        let timers = try await host.succeed("systemctl list-timers --all --no-pager formation-backup-job.timer")
        #expect(timers.contains("formation-backup-job.timer") && timers.contains("formation-backup-job.service"), "\(timers)")
        #expect(try await host.property("ActiveState", of: "formation-backup-job.timer") == "active")
        let next = try await host.property("NextElapseUSecRealtime", of: "formation-backup-job.timer")
        #expect(!next.isEmpty && next != "0", "no next run: \(next)")
        try await host.succeed("systemctl start formation-backup-job.service", seconds: 180)
        let ran = Int(try await host.property("ExecMainStartTimestampMonotonic", of: "formation-backup-job.service")) ?? 0
        #expect(ran > 0, "formation-backup-job.service did not run")
        #expect(try await host.property("Result", of: "formation-backup-job.service") == "success")
        #expect(try await host.property("ExecMainStatus", of: "formation-backup-job.service") == "0")
        let output = try await host.succeed("journalctl -u formation-backup-job.service -o cat --no-pager")
        #expect(output.contains("backup AVAILABLE"), "\(output)")
    }

    /// Every entry the processes of an instance's unit write carries the instance fields
    /// (`LogExtraFields=`); `journalctl -u` shows them with systemd's own messages about the unit
    /// (its MESSAGE_IDs), which systemd 252 writes without those fields, and the formation's
    /// events (`supervisor run`'s spawned, exited, ...).
    static func checkJournal(_ host: SystemdHost) async throws {
        let entries = try await host.succeed("journalctl -u \(webUnits[1]) -o json --no-pager --output-fields=MESSAGE,MESSAGE_ID,PROCESS_TYPE,PROCESS_INSTANCE,SYSLOG_IDENTIFIER")
        let parsed = entries.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
        #expect(!parsed.isEmpty, "\(entries)")
        let unlabelled = parsed.filter {
            $0["SYSLOG_IDENTIFIER"] as? String != "systemd" && ($0["PROCESS_INSTANCE"] as? String != "web.5001" || $0["PROCESS_TYPE"] as? String != "web")
        }
        #expect(unlabelled.isEmpty, "entries without PROCESS_INSTANCE=web.5001: \(unlabelled.prefix(3))")
        // systemd's "Started ..." (sd-messages.h SD_MESSAGE_UNIT_STARTED) and web's own lines.
        #expect(parsed.contains { $0["SYSLOG_IDENTIFIER"] as? String == "formation-web.5001" && $0["PROCESS_INSTANCE"] as? String == "web.5001" })
        #expect(parsed.contains { $0["MESSAGE_ID"] as? String == "39f53479d3a045ac8e11786248231fbf" }, "\(entries.prefix(2000))")
        #expect(parsed.contains { $0["SYSLOG_IDENTIFIER"] as? String == "formation-web.5001" }, "\(entries.prefix(2000))")
        // The formation's own events (`supervisor run` under the unit): its MESSAGE_IDs, with the
        // instance fields once (a field given twice would come back as an array).
        #expect(parsed.contains { $0["MESSAGE_ID"] as? String == "b93c18afe31d44c6a9f65f4adfcb649f" && $0["PROCESS_INSTANCE"] as? String == "web.5001" && $0["SYSLOG_IDENTIFIER"] as? String == "supervisor" },
                "no spawned event of the formation: \(entries.prefix(2000))")
        let byInstance = try await host.succeed("journalctl PROCESS_INSTANCE=web.5000 -o cat --no-pager | wc -l")
        #expect((Int(byInstance) ?? 0) > 0, "journalctl PROCESS_INSTANCE=web.5000 found nothing")
        let backup = try await host.succeed("journalctl PROCESS_INSTANCE=backup-job.run -o cat --no-pager")
        #expect(backup.contains("backup AVAILABLE"), "journalctl PROCESS_INSTANCE=backup-job.run: \(backup)")
    }

    /// `systemctl stop APP.target` of the idle formation: every unit inactive, its processes
    /// gone, each stop a success (web exited 0 on SIGTERM, no SIGKILL).
    static func checkIdleStop(_ host: SystemdHost) async throws {
        let timing = try await host.succeed(#"""
            started=$(date +%s%N)
            systemctl stop formation.target
            echo $(( ($(date +%s%N) - started) / 1000000 ))
            """#)
        await Figures.shared.record("systemd: systemctl stop formation.target (idle, two web units) returned after \(timing) ms, every unit inactive")
        try await expectStopped(host)
    }

    /// Web on DynamoDB (moto on the test's host, through a proxy that holds GetItem): a /hello
    /// in flight when `systemctl stop` comes is answered, and the units stop cleanly.
    static func checkStopInFlight(_ host: SystemdHost) async throws {
        try await MotoServer.with { moto in
            let proxy = try await DelayProxy(upstream: moto.endpoint, delay: 0)
            defer { proxy.stop() }
            var environment = moto.clientEnvironment
            environment["AWS_ENDPOINT_URL_DYNAMODB"] = Podman.fromContainer(moto.endpoint)
            let assignments = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            try await host.succeed("cd /srv/formation && env \(assignments.joined(separator: " ")) BIN_DIR=/usr/local/bin supervisor run provision")
            // A second EnvironmentFile= (a later file wins; Environment= would lose to the first).
            environment["AWS_ENDPOINT_URL_DYNAMODB"] = Podman.fromContainer(proxy.endpoint)
            let store = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
            try await host.succeed("""
                printf '%s\\n' '\(store)' >/etc/formation/store.env
                mkdir -p /etc/systemd/system/formation-web@.service.d
                printf '[Service]\\nEnvironmentFile=/etc/formation/store.env\\n' >/etc/systemd/system/formation-web@.service.d/store.conf
                systemctl daemon-reload
                systemctl start formation.target
                """)
            let configured = try await host.succeed("journalctl -u \(webUnits[0]) -o cat --no-pager | grep '\"configured\"' | tail -1")
            #expect(configured.contains("\"store\":\"dynamodb\""), "web did not take the drop-in's store: \(configured)")
            let warm = try await HTTPProbe.get(host.url("/hello"))
            try #require(warm.status == 200, "web on moto: \(warm.status) \(warm.body)")

            try await proxy.hold()
            async let answer = HTTPProbe.get(host.url("/hello"))
            _ = try await proxy.waitFor { $0.held >= 1 }
            let clock = ContinuousClock()
            let stopping = clock.now
            async let stop = host.shell("systemctl stop formation.target")
            try await Task.sleep(for: .milliseconds(1000))
            try await proxy.release()
            let hello = try await answer
            let stopped = try await stop
            let took = clock.now - stopping
            #expect(stopped.status == 0, "\(stopped.error)")
            #expect(hello.status == 200 && hello.body.contains("Hello from Formation!"), "the request in flight at stop: \(hello.status) \(hello.body)")
            try await expectStopped(host)
            await Figures.shared.record("systemd: systemctl stop formation.target with a /hello in flight (held 1 s by the proxy): answered \(hello.status), every unit inactive after \(Figures.seconds(took))")
        }
    }

    /// Every unit of the app inactive with a successful result (web exited 0 within its grace:
    /// a SIGKILL at TimeoutStopSec= would be `timeout`), no process of its user left.
    static func expectStopped(_ host: SystemdHost) async throws {
        for unit in webUnits + ["formation.target"] {
            #expect(try await host.property("ActiveState", of: unit) == "inactive", "\(unit)")
        }
        for unit in webUnits {
            let result = try await host.property("Result", of: unit)
            if result != "success" { Issue.record("\(unit): result \(result): \(await host.journal(unit))") }
        }
        let left = try await host.shell("pgrep -u formation -a")
        #expect(left.output.isEmpty, "processes of the app's user after the stop: \(left.output)")
    }
}
