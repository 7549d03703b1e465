import CSupervisor

/// PR_SET_CHILD_SUBREAPER: orphaned descendants come back to the supervisor, not to init.
enum Subreaper {
    /// Returns false when the kernel refused (the caller may warn).
    @discardableResult
    static func become() -> Bool { fm_set_child_subreaper() == 0 }
}
