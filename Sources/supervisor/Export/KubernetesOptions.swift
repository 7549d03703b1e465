/// What the Kubernetes export needs beyond the plan: the image and its pull policy
/// (`--image`, `--image-pull-policy`), and what the pods mount for the `.env` values that name files.
struct KubernetesOptions {
    var image: String
    var pullPolicy: ImagePullPolicy
    var mounts = KubernetesMounts()

    init(image: String, pullPolicy: ImagePullPolicy? = nil, mounts: KubernetesMounts = KubernetesMounts()) {
        self.image = image
        self.pullPolicy = pullPolicy ?? .default(for: image)
        self.mounts = mounts
    }
}
