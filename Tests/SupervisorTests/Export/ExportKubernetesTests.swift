import Foundation
import Testing

extension ExportTests {
    @Suite("supervisor export kubernetes")
    struct ExportKubernetesTests {
        @Test("Deployments with replicas and grace, a Service for web, a CronJob for the admin type")
        func manifests() async throws {
            let workspace = try ExportSupport.workspace()
            let result = try await ExportSupport.export(
                ["kubernetes", "k8s", "--image", "repo/shop:1", "--app", "shop", "--schedule", "backup-job=30 3 * * *", "-t", "20"], in: workspace)
            #expect(result.status == 0, "\(result.errors)")
            #expect(ExportSupport.files(in: workspace.path + "/k8s") == [
                "shop-backup-job-cronjob.yaml", "shop-namespace.yaml", "shop-networkpolicy.yaml", "shop-web-deployment.yaml",
                "shop-web-service.yaml", "shop-worker-deployment.yaml",
            ])
            let web = try workspace.read("k8s/shop-web-deployment.yaml")
            for line in ["  replicas: 2", "      terminationGracePeriodSeconds: 25", "        readinessProbe:", "        livenessProbe:",
                         "            - \"http:/\"", "          containerPort: 6000", "        - \"web\"", "              name: \"shop-secrets\"",
                         "        imagePullPolicy: \"Always\""] {
                #expect(web.contains(line + "\n"), "missing \(line)")
            }
            #expect(!web.contains("hunter2"))
            #expect(try workspace.read("k8s/shop-worker-deployment.yaml").contains("  replicas: 1\n"))
            let job = try workspace.read("k8s/shop-backup-job-cronjob.yaml")
            #expect(job.contains("  schedule: \"30 3 * * *\"\n") && job.contains("  suspend: false\n"))
            #expect(job.contains("            - \"run\"\n"))
        }

        @Test("an admin type without a schedule is a suspended CronJob, to be run by hand")
        func unscheduled() async throws {
            let workspace = try ExportSupport.workspace()
            let result = try await ExportSupport.export(["kubernetes", "k8s", "--image", "repo/shop:1", "--app", "shop"], in: workspace)
            #expect(result.status == 0, "\(result.errors)")
            #expect(try workspace.read("k8s/shop-backup-job-cronjob.yaml").contains("  suspend: true\n"))
            #expect(result.errors.contains("create secret generic shop-secrets"))
        }

        @Test("kubernetes-validate --strict accepts the manifests and rejects a broken one")
        func validate() async throws {
            let workspace = try ExportSupport.workspace()
            let result = try await ExportSupport.export(["kubernetes", "k8s", "--image", "repo/shop:1", "--app", "shop", "--schedule", "backup-job=daily"], in: workspace)
            #expect(result.status == 0, "\(result.errors)")
            let valid = try await ExportSupport.tool("kubernetes-validate", "kubernetes-validate --strict --quiet k8s/*.yaml", directory: workspace.path)
            #expect(valid.status == 0, "\(valid.output)")
            let broken = try workspace.read("k8s/shop-web-deployment.yaml").replacing("  replicas: 2", with: "  replicas: \"two\"")
            try workspace.write("k8s/broken.yaml", broken)
            let invalid = try await ExportSupport.tool("kubernetes-validate", "kubernetes-validate --strict --quiet k8s/broken.yaml", directory: workspace.path)
            #expect(invalid.status != 0, "\(invalid.output)")
        }

        @Test("checkov finds nothing in the manifests that is not suppressed with a reason")
        func checkov() async throws {
            let workspace = try ExportSupport.workspace()
            let result = try await ExportSupport.export(["kubernetes", "k8s", "--image", "repo/shop:1", "--app", "shop", "--schedule", "backup-job=daily"], in: workspace)
            #expect(result.status == 0, "\(result.errors)")
            let scan = try await ExportSupport.tool("checkov", "checkov --quiet --compact --skip-download --framework kubernetes -d k8s", directory: workspace.path)
            #expect(scan.status == 0 && scan.output.contains("Failed checks: 0"), "\(scan.output)")
        }
    }
}

extension ExportTests.ExportKubernetesTests {
    @Test("names Kubernetes would refuse are reported before anything is written")
    func names() async throws {
        let workspace = try Workspace(procfile: "web: ./web\n_job: ./job\nnightly-backup-job: ./backup\n")
        let app = String(repeating: "a", count: 40)
        let result = try await ExportSupport.export(["kubernetes", "k8s", "--image", "i", "--app", app, "-m", "_job=0,nightly-backup-job=0"], in: workspace)
        #expect(result.status == 78)
        #expect(result.errors.contains("'\(app)-web' is longer than 52 characters") == false)
        #expect(result.errors.contains("'\(app)-nightly-backup-job' is longer than 52 characters"))
        #expect(result.errors.contains("process type '_job' gives the container name '-job'"))
        #expect(ExportSupport.files(in: workspace.path + "/k8s").isEmpty)
    }
}
