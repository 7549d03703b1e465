# How the scripts build the supervisor and its companions, shared by scripts/start.sh and
# scripts/install.sh. Sourced, not run; the functions run from the repository's root. Those that
# print a path are called in $(...), where `set -e` does not apply: each returns the build's
# failure itself, so that the caller stops instead of taking a stale binary.

# formation_commit: the commit `supervisor --version` names: 12 hex digits of HEAD, "-dirty"
# when tracked files have uncommitted changes, "unknown" outside a git checkout.
formation_commit() {
    local commit
    if commit=$(git rev-parse --short=12 HEAD 2>/dev/null); then
        [ -z "$(git status --porcelain --untracked-files=no 2>/dev/null)" ] || commit="$commit-dirty"
        echo "$commit"
    else
        echo unknown
    fi
}

# The fully static supervisor's scratch path: its own, so the flag never rebuilds .build.
static_scratch=.build-static

# build_static_supervisor: the supervisor as the image ships it, release and fully static (it
# loads no shared library and peaks at about 10 MiB instead of 15 MiB, docs/performance.md), with the
# commit compiled in (FORMATION_COMMIT, read by Package.swift). Prints its path on stdout.
build_static_supervisor() {
    FORMATION_COMMIT=$(formation_commit) swift build -c release -Xswiftc -static-executable \
        --product supervisor --scratch-path "$static_scratch" >&2 || return
    echo "$static_scratch/release/supervisor"
}

# build_static_stdlib_dashboard: the dashboard as the image ships it, release with the static
# Swift runtime (it runs without the toolchain; glibc stays dynamic), in a scratch path of its
# own: sharing .build-static's would rebuild the modules both use at every switch of flags.
# Prints its path on stdout.
build_static_stdlib_dashboard() {
    swift build -c release -Xswiftc -static-stdlib --product dashboard --scratch-path .build-stdlib >&2 || return
    echo ".build-stdlib/release/dashboard"
}

# build_manual_tool: swift-argument-parser's generate-manual, the tool its GenerateManual plugin
# runs (`swift package generate-manual` would first build every product of the package in
# release; this builds the tool alone, in the static scratch path). Prints its path on stdout.
build_manual_tool() {
    swift build -c release --product generate-manual --scratch-path "$static_scratch" >&2 || return
    echo "$static_scratch/release/generate-manual"
}
