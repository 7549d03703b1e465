import Glibc

/// The inotify watches behind `--watch`, and what their events mean: which type's path changed.
///
/// Only directories are watched. A directory target is watched with every directory below it
/// (not `.git`; symbolic links are not followed inside it). Any other target, a file or a path
/// that does not exist yet, is watched through its nearest existing ancestor for one name: the
/// file itself in its directory (so a new file renamed or linked over it, as a linker does, is
/// seen: a watch on the old inode would not be), or the next missing component, whose arrival
/// re-arms the watches one level deeper. Deleted and new directories re-arm too.
final class WatchedPaths {
    /// A watched path and the type its change restarts.
    struct Target: Equatable, Sendable {
        let type: String
        let path: String
    }

    /// Why a directory is watched, for the target at `target`.
    enum Interest: Equatable, Sendable {
        /// The directory is the target or inside it: every entry counts, but editor swap files
        /// and `.git`.
        case tree(target: Int)
        /// Only the entry `name`: the target itself, or the next component on the way to it.
        case entry(target: Int, name: String)
    }

    /// A change of a type's watched path (`path`: what changed, absolute; or why every type changed).
    struct Change: Equatable, Sendable {
        let type: String
        let path: String
    }

    private struct Watched {
        var path: String
        var interests: [Interest]
    }

    private let fileWatch: FileWatch
    private(set) var targets: [Target]
    private var watches: [Int32: Watched] = [:]
    /// Paths already warned about (a full `max_user_watches`), so a re-arm does not repeat it.
    private var warned: Set<String> = []

    var fd: Int32 { fileWatch.fd }

    /// The sysctl a full watch table needs raised.
    static let watchLimit = "fs.inotify.max_user_watches"

    init(_ targets: [Target]) throws(SupervisorError) {
        fileWatch = try FileWatch()
        self.targets = targets
    }

    /// Editor and version-control noise inside a watched directory: vim's swap files
    /// (`*.swp`, `*.swx`, `*.swo`, and `4913`, its test of whether it may write), backups
    /// (`*~`), Emacs' lock files (`.#*`), Foundation's atomic-write temporaries (`.dat.nosync*`,
    /// renamed over the real name, which is the change) and `.git`.
    static func isIgnored(_ name: String) -> Bool {
        name == ".git" || name == "4913" || name.hasSuffix(".swp") || name.hasSuffix(".swx") || name.hasSuffix(".swo")
            || name.hasSuffix("~") || name.hasPrefix(".#") || name.hasPrefix(".dat.nosync")
    }

    /// Watches what `targets` need now (adding and removing watches); returns the warnings
    /// (a watch that could not be added), each once.
    @discardableResult
    func arm() -> [String] {
        var warnings: [String] = []
        var armed: [Int32: Watched] = [:]
        for (path, interests) in Self.plan(targets) {
            let watch: Int32
            do {
                watch = try fileWatch.add(path)
            } catch {
                // Gone since it was planned: its parent's watch sees that and re-arms.
                if error.errno == ENOENT || error.errno == ENOTDIR { continue }
                if warned.insert(path).inserted {
                    let fix = error.errno == ENOSPC
                        ? "the user's inotify watches are used up; raise the sysctl \(Self.watchLimit) (e.g. sudo sysctl \(Self.watchLimit)=524288)"
                        : "changes there are not seen"
                    warnings.append("--watch cannot watch \(path): \(ErrnoText.describe(error.errno ?? 0)); \(fix)")
                }
                continue
            }
            warned.remove(path)
            armed[watch, default: Watched(path: path, interests: [])].interests += interests
        }
        for watch in watches.keys where armed[watch] == nil { fileWatch.remove(watch) }
        watches = armed
        return warnings
    }

    /// Replaces the targets (a reload) and re-arms.
    @discardableResult
    func replace(_ targets: [Target]) -> [String] {
        self.targets = targets
        return arm()
    }

    /// The directories to watch for `targets`, each with why, in a stable order.
    static func plan(_ targets: [Target]) -> [(path: String, interests: [Interest])] {
        var order: [String] = []
        var interests: [String: [Interest]] = [:]
        func want(_ directory: String, _ interest: Interest) {
            if interests[directory] == nil { order.append(directory) }
            interests[directory, default: []].append(interest)
        }
        for (index, target) in targets.enumerated() {
            if isDirectory(target.path) {
                for directory in tree(target.path) { want(directory, .tree(target: index)) }
                continue
            }
            // The nearest existing directory above, and the name to look for in it.
            var child = target.path
            var parent = FileSystem.directory(of: child)
            while !isDirectory(parent) && parent != "/" {
                child = parent
                parent = FileSystem.directory(of: parent)
            }
            want(parent, .entry(target: index, name: name(of: child)))
        }
        return order.map { ($0, interests[$0] ?? []) }
    }

    /// The changes the waiting events mean. Watches are re-armed when directories came or went;
    /// a target that appeared meanwhile (`mkdir -p a/b && touch a/b/c` faster than the re-arm)
    /// counts as changed. A lost queue (IN_Q_OVERFLOW) counts as a change of every target.
    func read() -> (changes: [Change], warnings: [String]) {
        var changes: [Change] = []
        var rearm = false
        var appearing: [Int] = []
        for event in fileWatch.read() {
            if event.isOverflow {
                for target in targets where !changes.contains(where: { $0.type == target.type }) {
                    changes.append(Change(type: target.type, path: "events lost: the inotify queue overflowed"))
                }
                rearm = true
                continue
            }
            guard let watched = watches[event.watch] else { continue }
            if event.isWatchGone || event.isSelfGone { rearm = true }
            if event.isSelfGone {
                // A watched directory target itself deleted or moved away (`mv src src.old`).
                for case .tree(let index) in watched.interests where targets[index].path == watched.path {
                    changes.append(Change(type: targets[index].type, path: watched.path))
                }
            }
            guard !event.name.isEmpty else { continue }
            let path = FileSystem.join(watched.path, event.name)
            for interest in watched.interests {
                switch interest {
                case .tree(let index):
                    guard !Self.isIgnored(event.name) else { continue }
                    if event.isDirectory && event.isArrival { rearm = true }
                    changes.append(Change(type: targets[index].type, path: path))
                case .entry(let index, let name):
                    guard event.name == name else { continue }
                    if path == targets[index].path {
                        if event.isDirectory && (event.isArrival || event.isDeparture) { rearm = true }
                        // A deleted file is no reason to restart; the file that replaces it is.
                        if event.isArrival || event.isWrite { changes.append(Change(type: targets[index].type, path: path)) }
                    } else if event.isArrival || event.isDeparture {
                        rearm = true
                        if event.isArrival { appearing.append(index) }
                    }
                }
            }
        }
        var warnings: [String] = []
        if rearm { warnings = arm() }
        for index in appearing where FileSystem.exists(targets[index].path) {
            changes.append(Change(type: targets[index].type, path: targets[index].path))
        }
        return (changes, warnings)
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    private static func name(of path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// `root` and every directory below it, but `.git` and symbolic links (no cycles).
    private static func tree(_ root: String) -> [String] {
        var found: [String] = []
        var pending = [root]
        while let directory = pending.popLast() {
            found.append(directory)
            guard let handle = opendir(directory) else { continue }
            defer { closedir(handle) }
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                guard name != ".", name != "..", name != ".git" else { continue }
                let path = FileSystem.join(directory, name)
                switch Int32(entry.pointee.d_type) {
                case Int32(DT_DIR):
                    pending.append(path)
                case Int32(DT_UNKNOWN):
                    var info = stat()
                    if lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR { pending.append(path) }
                default:
                    continue
                }
            }
        }
        return found
    }
}
