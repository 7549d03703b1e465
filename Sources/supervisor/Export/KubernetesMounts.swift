/// What the pods mount besides `/tmp`, found in the public `.env` values that name files the
/// processes use, relative to the Procfile's directory (the image's `/app`):
///
/// - `sqlite:PATH` (or `sqlite3:`): a database the processes write. The root file system is
///   read-only, so its directory is the claim `APP-store`, mounted by every pod of the app
///   (each replica and the admin types), so that they share one store as they do under `start`.
/// - `file:PATH`: a file the processes read (the reference app's `CONFIG_SOURCE`). The image
///   holds no configuration, so the file comes from the ConfigMap `APP-config`, made from the
///   project's file when it has one, and mounted read-only where the value points.
///
/// Pure: the project's files come in through `read`.
struct KubernetesMounts {
    /// The embedded store's directory in the container, and the value that names it.
    struct Store: Equatable {
        let key: String
        let value: String
        let directory: String
    }

    /// One file of the ConfigMap.
    struct ConfigFile: Equatable {
        let key: String
        let value: String
        /// The path the value names, as written (relative to the project, or absolute).
        let path: String
        /// Where the processes look for it in the container.
        let containerPath: String
        /// Its key in the ConfigMap (the file's name).
        let name: String
        /// The project's file; nil when the project has none (the operator creates the ConfigMap).
        let contents: String?

        var directory: String { FileSystem.directory(of: containerPath) }
    }

    /// What reading a project file gave.
    enum Reading {
        case text(String)
        case missing
        case unreadable(String)
    }

    var store: Store?
    var files: [ConfigFile] = []
    /// Lines that stop the export (exit 78), and lines for stderr.
    var problems: [String] = []
    var warnings: [String] = []

    /// The image's WORKDIR, where its Procfile is and relative paths start (see the Dockerfile).
    static let imageRoot = "/app"
    /// What the claim asks for; edit the file for more.
    static let storeSize = "1Gi"
    /// Kubernetes keeps an object in etcd, which refuses one above about 1 MiB.
    static let configMapLimit = 1 << 20

    static func of(_ plan: ExportPlan, namespace: String, read: (String) -> Reading) -> KubernetesMounts {
        var mounts = KubernetesMounts()
        for (key, value) in plan.publicEnvironment {
            if let path = databasePath(value) {
                mounts.addStore(key: key, value: value, path: path, plan)
            } else if let path = filePath(value) {
                mounts.addFile(key: key, value: value, path: path, plan, namespace: namespace, read: read)
            }
        }
        let bytes = mounts.files.reduce(0) { $0 + ($1.contents?.utf8.count ?? 0) }
        if bytes > configMapLimit {
            let names = mounts.files.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            mounts.problems.append("kubernetes: the files \(names) name are \(bytes) bytes, above the \(configMapLimit) a ConfigMap holds; serve the configuration instead (e.g. an http:// URL) or mount a volume of your own")
        }
        if let store = mounts.store, let file = mounts.files.first(where: { $0.directory == store.directory }) {
            mounts.problems.append("kubernetes: \(file.key)=\(file.value) is in \(store.directory), the directory of \(store.key)'s database, which the store's claim is mounted over; put the file in another directory")
        }
        return mounts
    }

    /// The database file of `sqlite:PATH`, `sqlite3:PATH` (also `sqlite:///ABSOLUTE`), without
    /// a `?query`; nil for other values and for an in-memory database.
    static func databasePath(_ value: String) -> String? {
        guard let rest = ["sqlite:", "sqlite3:"].lazy.compactMap({ value.hasPrefix($0) ? value.dropFirst($0.count) : nil }).first else { return nil }
        let path = String(rest.hasPrefix("//") ? rest.dropFirst(2) : rest).split(separator: "?", omittingEmptySubsequences: false)[0]
        return path.isEmpty || path.hasPrefix(":memory:") ? nil : String(path)
    }

    /// The file of `file:PATH` (also `file:///ABSOLUTE`); nil for other values.
    static func filePath(_ value: String) -> String? {
        guard value.hasPrefix("file:") else { return nil }
        let rest = value.dropFirst(5)
        let path = rest.hasPrefix("//") ? rest.dropFirst(2) : rest
        return path.isEmpty ? nil : String(path)
    }

    /// A path as the container sees it: relative ones start at the image's root.
    static func containerPath(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        var relative = Substring(path)
        while relative.hasPrefix("./") { relative = relative.dropFirst(2) }
        return imageRoot + "/" + relative
    }

    private mutating func addStore(key: String, value: String, path: String, _ plan: ExportPlan) {
        let directory = FileSystem.directory(of: Self.containerPath(path))
        if directory == "/tmp" || directory.hasPrefix("/tmp/") {
            warnings.append("kubernetes: \(key)=\(value) is in /tmp, the pod's own emptyDir: every pod has a database of its own, lost with the pod")
            return
        }
        if directory == Self.imageRoot || directory == "/" {
            problems.append("kubernetes: \(key)=\(value) keeps its database in \(directory), the app's directory, which a volume would hide; move it into a directory of its own, e.g. \(key)=sqlite:var/\(lastComponent(path))")
            return
        }
        if let store {
            if store.directory != directory {
                problems.append("kubernetes: \(key)=\(value) and \(store.key)=\(store.value) keep databases in two directories; put both in \(store.directory), which the claim \(plan.app)-store holds")
            }
            return
        }
        store = Store(key: key, value: value, directory: directory)
        warnings.append("kubernetes: \(key)=\(value) is a file: every pod mounts \(directory) from the claim \(plan.app)-store (ReadWriteOnce, \(Self.storeSize)), so the pods that share it run on one node, and the store needs provisioning once (docs/deploy.md); a backing service scales further")
    }

    private mutating func addFile(
        key: String, value: String, path: String, _ plan: ExportPlan, namespace: String, read: (String) -> Reading
    ) {
        let name = String(lastComponent(path).unicodeScalars.map { scalar -> Character in
            (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9") || "-._".unicodeScalars.contains(scalar)
                ? Character(scalar) : "-"
        })
        if let other = files.first(where: { $0.name == name }) {
            guard other.path != path else { return }
            problems.append("kubernetes: \(key)=\(value) and \(other.key)=\(other.value) are both '\(name)' in the ConfigMap \(plan.app)-config; rename one of the files")
            return
        }
        let create = "kubectl -n \(namespace) create configmap \(plan.app)-config --from-file=\(name)=FILE"
        var contents: String?
        if path.hasPrefix("/") {
            warnings.append("kubernetes: \(key)=\(value) names a file outside the project: the pods mount it from the ConfigMap \(plan.app)-config, key \(name), which you create: \(create)")
        } else {
            switch read(path) {
            case .text(let text): contents = text
            case .missing:
                warnings.append("kubernetes: \(key)=\(value) names \(path), which the project does not have: the pods mount it from the ConfigMap \(plan.app)-config, key \(name); add the file and export again, or create it: \(create)")
            case .unreadable(let why):
                problems.append("kubernetes: \(key)=\(value): \(why); make it readable, or point \(key) elsewhere")
                return
            }
        }
        files.append(ConfigFile(key: key, value: value, path: path, containerPath: Self.containerPath(path), name: name, contents: contents))
    }

    private func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
