extension KubernetesMounts {
    /// The ConfigMap's files by the directory they are mounted at, in the order the `.env` names them.
    var configDirectories: [(directory: String, files: [ConfigFile])] {
        var groups: [(directory: String, files: [ConfigFile])] = []
        for file in files {
            if let index = groups.firstIndex(where: { $0.directory == file.directory }) {
                groups[index].files.append(file)
            } else {
                groups.append((file.directory, [file]))
            }
        }
        return groups
    }

    /// The pod's volume for each configuration directory, and the claim of the store.
    func volumes(_ plan: ExportPlan) -> [StructuredValue] {
        var volumes: [StructuredValue] = []
        if store != nil {
            volumes.append(.object([
                ("name", .string("store")), ("persistentVolumeClaim", .object([("claimName", .string("\(plan.app)-store"))])),
            ]))
        }
        for (index, group) in configDirectories.enumerated() {
            volumes.append(.object([
                ("name", .string(Self.configVolume(index))),
                ("configMap", .object([
                    ("name", .string("\(plan.app)-config")),
                    ("items", .array(group.files.map { .object([("key", .string($0.name)), ("path", .string($0.name))]) })),
                ])),
            ]))
        }
        return volumes
    }

    /// Where the container mounts them: the store's directory, each configuration directory
    /// read-only (a ConfigMap update reaches the files there), and a file directly in the
    /// image's root by itself (`subPath`), so that the Procfile stays visible.
    var volumeMounts: [StructuredValue] {
        var mounts: [StructuredValue] = []
        if let store {
            mounts.append(.object([("name", .string("store")), ("mountPath", .string(store.directory))]))
        }
        for (index, group) in configDirectories.enumerated() {
            let volume = StructuredValue.string(Self.configVolume(index))
            if group.directory == Self.imageRoot {
                mounts += group.files.map {
                    .object([("name", volume), ("mountPath", .string($0.containerPath)), ("subPath", .string($0.name)), ("readOnly", .bool(true))])
                }
            } else {
                mounts.append(.object([("name", volume), ("mountPath", .string(group.directory)), ("readOnly", .bool(true))]))
            }
        }
        return mounts
    }

    /// `APP-store-persistentvolumeclaim.yaml` and `APP-config-configmap.yaml` (the files the
    /// project has; none when it has none).
    func documents(_ plan: ExportPlan, namespace: String) -> [ExportedFile] {
        let labels = StructuredValue.object([("app.kubernetes.io/name", .string(plan.app))])
        func metadata(_ name: String) -> StructuredValue {
            .object([("name", .string("\(plan.app)-\(name)")), ("namespace", .string(namespace)), ("labels", labels)])
        }
        var documents: [ExportedFile] = []
        if store != nil {
            documents.append(ExportedFile(path: "\(plan.app)-store-persistentvolumeclaim.yaml", contents: StructuredValue.object([
                ("apiVersion", .string("v1")), ("kind", .string("PersistentVolumeClaim")), ("metadata", metadata("store")),
                ("spec", .object([
                    ("accessModes", .array([.string("ReadWriteOnce")])),
                    ("resources", .object([("requests", .object([("storage", .string(Self.storeSize))]))])),
                ])),
            ]).yaml))
        }
        let present = files.compactMap { file in file.contents.map { (file.name, StructuredValue.string($0)) } }
        if !present.isEmpty {
            documents.append(ExportedFile(path: "\(plan.app)-config-configmap.yaml", contents: StructuredValue.object([
                ("apiVersion", .string("v1")), ("kind", .string("ConfigMap")), ("metadata", metadata("config")),
                ("data", .object(present)),
            ]).yaml))
        }
        return documents
    }

    private static func configVolume(_ index: Int) -> String {
        index == 0 ? "config" : "config-\(index + 1)"
    }
}
