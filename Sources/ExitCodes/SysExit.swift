/// The exit statuses from sysexits.h that Formation's executables use, defined once so that a
/// status means the same in each of them. Plain `Int32` values for `exit(_:)` and
/// ArgumentParser's `ExitCode(_:)`; no imports, so the supervisor can use them without Foundation.
public enum SysExit {
    /// `EX_USAGE`: the command line is wrong (ArgumentParser exits with it on a `ValidationError`).
    public static let usage: Int32 = 64
    /// `EX_UNAVAILABLE`: a service the process needs, such as its store, cannot be used.
    public static let unavailable: Int32 = 69
    /// `EX_OSERR`: the process could not do its own work (a system call failed).
    public static let osError: Int32 = 71
    /// `EX_NOPERM`: a file or directory the process must trust is controlled by another user.
    public static let noPermission: Int32 = 77
    /// `EX_CONFIG`: the configuration (environment, Procfile, .env, formation, dynamic config) is invalid.
    public static let configuration: Int32 = 78
}
