import ArgumentParser

/// `--image-pull-policy`: the container's `imagePullPolicy`, in Kubernetes' own words.
enum ImagePullPolicy: String, CaseIterable, ExpressibleByArgument {
    /// Ask the registry at every start: a tag can move, and the node pulls what it names now.
    case always = "Always"
    /// Pull only when the node lacks the image: right for an image pinned by digest, whose
    /// content cannot change, and for an image loaded into the node by hand.
    case ifNotPresent = "IfNotPresent"
    /// Never pull: the image must already be on the node (`podman kube play` of a local build).
    case never = "Never"

    /// The default for `image`: `IfNotPresent` when it is pinned by digest (pulling again cannot
    /// change it), else `Always` (a tag may have moved since the node pulled it).
    static func `default`(for image: String) -> ImagePullPolicy {
        image.contains("@sha256:") ? .ifNotPresent : .always
    }
}
