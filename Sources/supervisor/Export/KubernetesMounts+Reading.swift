import Glibc

extension KubernetesMounts {
    /// Reads a file named by a `.env` value, relative to the project's root (the edge of `of`).
    static func projectReader(root: String) -> (String) -> Reading {
        { path in
            do throws(SupervisorError) {
                return .text(try FileSystem.readText(FileSystem.join(root, path), purpose: "the file"))
            } catch {
                return error.errno == ENOENT ? .missing : .unreadable(error.message)
            }
        }
    }
}
