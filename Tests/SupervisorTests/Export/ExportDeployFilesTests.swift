import Foundation
import JSONText
import Testing

@testable import supervisor

extension ExportTests {
    /// The files that deploy Formation: deploy/cloudformation.yml and the Dockerfile.
    @Suite("Export deploy files: CloudFormation and Dockerfile")
    struct ExportDeployFilesTests {
        private let root = ExportSupport.repositoryRoot
        private var template: String { root + "/deploy/cloudformation.yml" }

        @Test("cfn-lint finds no error or warning in the stack, and does find one in a broken copy")
        func cfnLint() async throws {
            let lint = try await ExportSupport.tool("cfn-lint", "cfn-lint '\(template)'")
            #expect(lint.status == 0, "\(lint.output)")

            let broken = FileManager.default.temporaryDirectory.appendingPathComponent("formation-broken-\(UUID().uuidString).yml")
            defer { try? FileManager.default.removeItem(at: broken) }
            let text = try String(contentsOfFile: template, encoding: .utf8).replacing("      LaunchType: FARGATE\n      PlatformVersion: LATEST\n      DesiredCount: !Ref DesiredCount", with: "      LaunchType: FARGATE\n      PlatformVersion: LATEST\n      DesiredCount: many")
            try text.write(to: broken, atomically: true, encoding: .utf8)
            let failing = try await ExportSupport.tool("cfn-lint", "cfn-lint '\(broken.path)'")
            #expect(failing.status != 0 && failing.output.contains("DesiredCount"), "\(failing.output)")
        }

        @Test("checkov passes the stack and the Dockerfile; every skipped check has a written reason")
        func checkov() async throws {
            let scan = try await ExportSupport.tool(
                "checkov", "checkov --quiet --compact --skip-download --framework cloudformation dockerfile -f '\(template)' -f '\(root)/Dockerfile'")
            #expect(scan.status == 0, "\(scan.output)")
            #expect(scan.output.contains("cloudformation scan results") && scan.output.contains("dockerfile scan results"), "\(scan.output)")
            let lines = try String(contentsOfFile: template, encoding: .utf8).split(separator: "\n").map(String.init)
            for (index, line) in lines.enumerated() where line.trimmingCharacters(in: .whitespaces).hasPrefix("- id: CKV") {
                let next = index + 1 < lines.count ? lines[index + 1].trimmingCharacters(in: .whitespaces) : ""
                #expect(next.hasPrefix("comment: ") && next.count > 40, "checkov skip without a reason at line \(index + 1): \(line)")
            }
        }

        @Test("hadolint passes the Dockerfile, and flags a careless one")
        func hadolint() async throws {
            let lint = try await ExportSupport.tool("hadolint", "hadolint '\(root)/Dockerfile'")
            #expect(lint.status == 0 && lint.output.isEmpty, "\(lint.output)")
            let careless = try await ExportSupport.tool("hadolint", "printf 'FROM debian\\nRUN cd /tmp && apt-get install curl\\n' | hadolint -")
            #expect(careless.status != 0 && careless.output.contains("DL3006"), "\(careless.output)")
        }

        @Test("the Dockerfile builds with scripts/container-build.sh, runs as non-root with supervisor as the entrypoint")
        func dockerfile() throws {
            let text = try String(contentsOfFile: root + "/Dockerfile", encoding: .utf8)
            #expect(text.contains("\nRUN scripts/container-build.sh /out /debug\n"))
            // The run stage takes its binaries from the build stage or, with BINARIES=prebuilt,
            // from scripts/container-build.sh's output (ContainerTests build and run it in podman).
            #expect(text.contains("\nARG BINARIES=build\n") && text.contains("\nFROM ${BINARIES} AS binaries\n"))
            #expect(text.contains("\nCOPY --from=binaries /out/ /usr/local/bin/\n"))
            #expect(text.contains("\nUSER 10001:10001\n") && KubernetesPod.userID == 10001)
            #expect(text.contains("\nENTRYPOINT [\"supervisor\"]\n"))
            let lines = text.split(separator: "\n").map(String.init)
            for (index, line) in lines.enumerated() where line.hasPrefix("# hadolint ignore=") {
                let rule = String(line.dropFirst("# hadolint ignore=".count))
                #expect(index > 0 && lines[index - 1].hasPrefix("#") && lines[..<index].contains { $0.contains(rule + " ") },
                        "hadolint ignore without a written reason: \(line)")
            }
            let script = try String(contentsOfFile: root + "/scripts/container-build.sh", encoding: .utf8)
            #expect(script.contains("swift build -c release -Xswiftc -static-executable"))
        }

        @Test("the stack runs roles the way `supervisor export ecs` writes them")
        func stackMatchesExport() throws {
            let text = try String(contentsOfFile: template, encoding: .utf8)
            #expect(text.contains("Command: [CMD, bash, -c, \(JSONString.quoted(ContainerCommand.httpCheck(port: 5000)))]"))
            #expect(text.contains("Command: [start, -t, !FindInMap [Shutdown, Seconds, Grace], web]"))
            #expect(text.contains("Command: [run, -t, !FindInMap [Shutdown, Seconds, Grace], backup-job]"))
            #expect(text.contains("Seconds: { Grace: \"10\", StopTimeout: 15, Deregistration: \"15\" }"))
            #expect(text.contains("appconfig:StartConfigurationSession, appconfig:GetLatestConfiguration"))
            #expect(!text.contains("appconfig:GetConfiguration"))
        }
    }
}
