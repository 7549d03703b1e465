import AppTestSupport
import Foundation
import Testing

/// A read-only root file system, as ECS's readonlyRootFilesystem and the Kubernetes export's
/// readOnlyRootFilesystem run it: web gets a tmpfs on /tmp, as the exports mount one, and the
/// embedded store's folder /app/var; provision gets only the store's folder, which shows that
/// nothing else needs to be writable. podman's --read-only would also put tmpfs on /run and
/// /var/tmp, which --read-only-tmpfs=false leaves out.
enum ReadOnlyCheck {
    static let readOnly = ["--read-only", "--read-only-tmpfs=false"]
    static let options = readOnly + ["--tmpfs", "/tmp:rw,size=64m,mode=1777"]

    static func run(_ session: ImageSession) async throws {
        let volumes = ImageSession.appVolumes(data: try session.dataFolder())
        let provision = try await session.runRole("provision", options: readOnly + volumes)
        #expect(provision.status == 0, "provision on a read-only root without /tmp: \(provision.output)\(provision.error)")

        try await Container.with(session, "read-only", options: options + volumes) { web in
            try await web.waitUntilOK("/")
            let hello = try await HTTPProbe.get(web.url("/hello"))
            #expect(hello.status == 200 && hello.body.contains("Hello from Formation!"), "\(hello.status) \(hello.body)")
            let write = try await web.exec(["sh", "-c", "touch /app/probe"])
            #expect(write.status != 0 && write.error.contains("Read-only file system"), "\(write.status.map(String.init) ?? "timeout") \(write.error)")
            let scratch = try await web.exec(["sh", "-c", "touch /tmp/probe && rm /tmp/probe"])
            #expect(scratch.status == 0, "\(scratch.error)")
            try await session.podman.succeed(["stop", "--time", "10", web.name])
            try await web.expectExitStatus(0)
        }
    }
}
