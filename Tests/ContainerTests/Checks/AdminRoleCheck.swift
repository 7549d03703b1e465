import Testing

/// The admin role: `podman run IMAGE run -t 5 provision` and `... backup-job` in the same image
/// and environment as web, their exit status propagated by the supervisor and the engine.
enum AdminRoleCheck {
    static func run(_ session: ImageSession) async throws {
        let volumes = ImageSession.appVolumes(data: try session.dataFolder())

        let provision = try await session.runRole("provision", options: volumes)
        #expect(provision.status == 0, "provision: \(provision.output)\(provision.error)")
        let again = try await session.runRole("provision", options: volumes)
        #expect(again.status == 0, "provision, second run (idempotent): \(again.output)\(again.error)")
        let backup = try await session.runRole("backup-job", options: volumes)
        #expect(backup.status == 0, "backup-job: \(backup.output)\(backup.error)")
        #expect(backup.output.contains("backup AVAILABLE") && backup.output.contains("table=TwelveFactorApp"), "\(backup.output)")

        // A configuration error: each process names the variable and exits 78 (EX_CONFIG), and
        // `supervisor run` and podman hand that status on.
        for type in ["provision", "backup-job"] {
            let broken = try await session.runRole(type, options: ["--env", "STORE_URL=redis://cache"] + volumes)
            #expect(broken.status == 78, "\(type) with STORE_URL=redis://cache: \(broken.status.map(String.init) ?? "timeout") \(broken.output)\(broken.error)")
            #expect((broken.output + broken.error).contains("STORE_URL: expected"), "\(broken.output)\(broken.error)")
        }
    }
}
