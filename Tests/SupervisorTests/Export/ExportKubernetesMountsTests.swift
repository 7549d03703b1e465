import Foundation
import Testing

@testable import supervisor

extension ExportTests {
    /// The files `.env` values name (an embedded SQLite store, a `file:` configuration) and the
    /// image pull policy in the Kubernetes export.
    @Suite("supervisor export kubernetes: store, config files, pull policy")
    struct ExportKubernetesMountsTests {
        /// The reference app's layout: the store in var/, the dynamic config in config/.
        static func workspace(config: String? = "{\"TableName\": \"T\"}\n", env: String? = nil) throws -> Workspace {
            let workspace = try Workspace(
                procfile: "web: ./web\nbackup-job: ./backup\n",
                files: [".env": env ?? "STORE_URL=sqlite:var/app.sqlite\nCONFIG_SOURCE=file:config/app-config.json\nFORMATION=web=2,backup-job=0\n"])
            if let config {
                try FileManager.default.createDirectory(atPath: workspace.path + "/config", withIntermediateDirectories: false)
                try workspace.write("config/app-config.json", config)
            }
            return workspace
        }

        @Test("sqlite:var/... is the claim APP-store on /app/var in every pod, file:config/... the ConfigMap APP-config made from the project's file; kubernetes-validate and checkov accept them")
        func storeAndConfig() async throws {
            let workspace = try Self.workspace()
            let result = try await ExportSupport.export(["kubernetes", "k8s", "--image", "repo/shop:1", "--app", "shop"], in: workspace)
            #expect(result.status == 0, "\(result.errors)")
            #expect(ExportSupport.files(in: workspace.path + "/k8s") == [
                "shop-backup-job-cronjob.yaml", "shop-config-configmap.yaml", "shop-namespace.yaml", "shop-networkpolicy.yaml",
                "shop-store-persistentvolumeclaim.yaml", "shop-web-deployment.yaml", "shop-web-service.yaml",
            ])
            #expect(result.errors.contains(
                "warning: kubernetes: STORE_URL=sqlite:var/app.sqlite is a file: every pod mounts /app/var from the claim shop-store (ReadWriteOnce, 1Gi)"),
                "\(result.errors)")
            let claim = try workspace.read("k8s/shop-store-persistentvolumeclaim.yaml")
            #expect(claim.contains("kind: \"PersistentVolumeClaim\"\n") && claim.contains("  namespace: \"shop\"\n"), "\(claim)")
            #expect(claim.contains("  accessModes:\n  - \"ReadWriteOnce\"\n") && claim.contains("      storage: \"1Gi\"\n"))
            let configMap = try workspace.read("k8s/shop-config-configmap.yaml")
            #expect(configMap.contains("data:\n  app-config.json: \"{\\\"TableName\\\": \\\"T\\\"}\\n\"\n"), "\(configMap)")
            for file in ["shop-web-deployment.yaml", "shop-backup-job-cronjob.yaml"] {
                let pod = try workspace.read("k8s/" + file)
                for line in ["- name: \"store\"\n", "  mountPath: \"/app/var\"\n", "claimName: \"shop-store\"\n", "  mountPath: \"/app/config\"\n",
                             "  readOnly: true\n", "name: \"shop-config\"\n", "- key: \"app-config.json\"\n", "  path: \"app-config.json\"\n", "fsGroup: 10001\n"] {
                    #expect(pod.contains(line), "\(file) lacks \(line)")
                }
            }
            try await ExportSupport.expectValidKubernetes(workspace)
            let scan = try await ExportSupport.tool("checkov", "checkov --quiet --compact --skip-download --framework kubernetes -d k8s", directory: workspace.path)
            #expect(scan.status == 0 && scan.output.contains("Failed checks: 0"), "\(scan.output)")
        }

        @Test("a file: value the project lacks is mounted from APP-config all the same, with a warning saying how to create it")
        func missingConfig() async throws {
            let workspace = try Self.workspace(config: nil)
            let result = try await ExportSupport.export(["kubernetes", "k8s", "--image", "repo/shop:1", "--app", "shop"], in: workspace)
            #expect(result.status == 0, "\(result.errors)")
            #expect(!ExportSupport.files(in: workspace.path + "/k8s").contains("shop-config-configmap.yaml"))
            #expect(result.errors.contains(
                "warning: kubernetes: CONFIG_SOURCE=file:config/app-config.json names config/app-config.json, which the project does not have: the pods mount it from the ConfigMap shop-config, key app-config.json; add the file and export again, or create it: kubectl -n shop create configmap shop-config --from-file=app-config.json=FILE\n"),
                "\(result.errors)")
            #expect(try workspace.read("k8s/shop-web-deployment.yaml").contains("  mountPath: \"/app/config\"\n"))
        }

        @Test("a file beside the Procfile is mounted by itself (subPath); a database there, or in two directories, is refused, exit 78")
        func placement() async throws {
            let beside = try Self.workspace(env: "CONFIG_SOURCE=file:./settings.json\nFORMATION=web=1,backup-job=0\n")
            try beside.write("settings.json", "{}")
            let result = try await ExportSupport.export(["kubernetes", "k8s", "--image", "i", "--app", "shop"], in: beside)
            #expect(result.status == 0, "\(result.errors)")
            let web = try beside.read("k8s/shop-web-deployment.yaml")
            #expect(web.contains("        - name: \"config\"\n          mountPath: \"/app/settings.json\"\n          subPath: \"settings.json\"\n          readOnly: true\n"), "\(web)")
            #expect(!web.contains("fsGroup"), "no claim, no fsGroup")

            let root = try Self.workspace(env: "STORE_URL=sqlite:app.sqlite\nFORMATION=web=1,backup-job=0\n")
            let refused = try await ExportSupport.export(["kubernetes", "k8s", "--image", "i", "--app", "shop"], in: root)
            #expect(refused.status == 78)
            #expect(refused.errors.contains("kubernetes: STORE_URL=sqlite:app.sqlite keeps its database in /app, the app's directory, which a volume would hide; move it into a directory of its own, e.g. STORE_URL=sqlite:var/app.sqlite"), "\(refused.errors)")
            #expect(ExportSupport.files(in: root.path + "/k8s").isEmpty)

            let two = try Self.workspace(env: "STORE_URL=sqlite:var/app.sqlite\nCACHE_URL=sqlite3:cache/c.db\nFORMATION=web=1,backup-job=0\n")
            let split = try await ExportSupport.export(["kubernetes", "k8s", "--image", "i", "--app", "shop"], in: two)
            #expect(split.status == 78)
            #expect(split.errors.contains("kubernetes: STORE_URL=sqlite:var/app.sqlite and CACHE_URL=sqlite3:cache/c.db keep databases in two directories; put both in /app/cache, which the claim shop-store holds"), "\(split.errors)")
        }

        @Test("which values name a database or a file")
        func values() {
            #expect(KubernetesMounts.databasePath("sqlite:var/formation.sqlite") == "var/formation.sqlite")
            #expect(KubernetesMounts.databasePath("sqlite:///data/app.db?mode=rwc") == "/data/app.db")
            #expect(KubernetesMounts.databasePath("sqlite3:db/production.sqlite3") == "db/production.sqlite3")
            #expect(KubernetesMounts.databasePath("sqlite::memory:") == nil)
            #expect(KubernetesMounts.databasePath("sqlite:") == nil)
            #expect(KubernetesMounts.databasePath("dynamodb:") == nil)
            #expect(KubernetesMounts.filePath("file:config/app-config.json") == "config/app-config.json")
            #expect(KubernetesMounts.filePath("file:///etc/app.json") == "/etc/app.json")
            #expect(KubernetesMounts.filePath("http://localhost:2772/applications/a") == nil)
            #expect(KubernetesMounts.containerPath("./config/a.json") == "/app/config/a.json")
            #expect(KubernetesMounts.containerPath("/etc/a.json") == "/etc/a.json")
        }

        @Test("--image-pull-policy: Always for a tag, IfNotPresent for a digest, as asked otherwise (with checkov's reason); refused for other engines")
        func pullPolicy() async throws {
            let workspace = try ExportSupport.workspace()
            let digest = "repo/shop@sha256:" + String(repeating: "a", count: 64)
            // Never last: checkov reads what it wrote.
            for (options, policy) in [([String](), "Always"), (["--image", digest], "IfNotPresent"), (["--image", digest, "--image-pull-policy", "Always"], "Always"),
                                      (["--image-pull-policy", "Never"], "Never")] {
                let arguments = ["kubernetes", "k8s", "--app", "shop"] + (options.contains("--image") ? [] : ["--image", "repo/shop:1"]) + options
                let result = try await ExportSupport.export(arguments, in: workspace)
                #expect(result.status == 0, "\(result.errors)")
                for file in ["shop-web-deployment.yaml", "shop-backup-job-cronjob.yaml"] {
                    let text = try workspace.read("k8s/" + file)
                    #expect(text.contains("imagePullPolicy: \"\(policy)\"\n"), "\(options): \(file)")
                    #expect(text.contains("CKV_K8S_15=") == (policy != "Always"), "\(options): \(file)")
                }
            }
            let scan = try await ExportSupport.tool("checkov", "checkov --quiet --compact --skip-download --framework kubernetes -d k8s", directory: workspace.path)
            #expect(scan.status == 0 && scan.output.contains("Failed checks: 0"), "\(scan.output)")
            let ecs = try await ExportSupport.export(["ecs", "ecs", "--image", "i", "--image-pull-policy", "Never"], in: workspace)
            #expect(ecs.status != 0 && ecs.errors.contains("--image-pull-policy is for kubernetes"), "\(ecs.errors)")
            let wrong = try await ExportSupport.export(["kubernetes", "k8s", "--image", "i", "--image-pull-policy", "always"], in: workspace)
            #expect(wrong.status != 0 && wrong.errors.contains("IfNotPresent"), "\(wrong.errors)")
        }
    }
}
