#!/usr/bin/env bash
# Puts Formation's tools on PATH: the supervisor (release, fully static) and the dashboard it
# runs (release, static Swift runtime), both as the image ships them, with the supervisor's man
# page and its bash, zsh and fish completions, under a prefix. Records every file and folder it creates in
# PREFIX/share/formation/install-manifest, so that --uninstall removes exactly those.
# Idempotent: run it again to update an installation (a new build replaces the files).
#
# Usage: scripts/install.sh [--prefix DIR] [--no-build | --binaries DIR]
#        scripts/install.sh --uninstall [--prefix DIR]
#   --prefix DIR     where to install (default: $PREFIX, else /usr/local): DIR/bin/supervisor,
#                    DIR/bin/dashboard, DIR/share/man/man1/supervisor.1,
#                    DIR/share/bash-completion/completions/supervisor,
#                    DIR/share/zsh/site-functions/_supervisor (for DIR /usr:
#                    share/zsh/vendor-completions, where Debian's own packages put theirs),
#                    DIR/share/fish/vendor_completions.d/supervisor.fish
#   --no-build       install the binaries already built (.build-static/release/supervisor and
#                    .build-stdlib/release/dashboard) without running swift build
#   --binaries DIR   install DIR/supervisor and DIR/dashboard (implies --no-build;
#                    the test suite installs its own build this way)
#   --uninstall      remove what the manifest lists (folders only when left empty)
# Runs as root, or as a user who can write to the prefix (e.g. --prefix ~/.local). Needs the
# Swift toolchain unless --no-build or --binaries.
set -euo pipefail
caller=$(pwd)
cd "$(dirname "$0")/.."
source scripts/lib/build.sh

usage="usage: scripts/install.sh [--prefix DIR] [--no-build | --binaries DIR] | --uninstall [--prefix DIR]"
prefix=${PREFIX:-/usr/local}
mode=install
build=true
binaries=
while [ "$#" -gt 0 ]; do
    case $1 in
    --prefix) prefix=${2:?$usage}; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    --no-build) build=false; shift ;;
    --binaries) binaries=${2:?$usage}; build=false; shift 2 ;;
    --uninstall) mode=uninstall; shift ;;
    -h | --help) echo "$usage"; exit 0 ;;
    *) echo "install.sh: unknown argument '$1'; $usage" >&2; exit 64 ;;
    esac
done
case $prefix in
/*) ;;
*) prefix="$caller/$prefix" ;;
esac
prefix=${prefix%/}
[ -n "$prefix" ] || prefix=/
case $binaries in
"" | /*) ;;
*) binaries="$caller/$binaries" ;;
esac
manifest_dir=share/formation
# Where Debian's zsh looks (its fpath): /usr/share/zsh/vendor-completions for the system's
# packages, /usr/local/share/zsh/site-functions for local ones; other prefixes follow the latter
# (zsh's own default), and need an fpath entry.
zsh_dir=share/zsh/site-functions
[ "$prefix" != /usr ] || zsh_dir=share/zsh/vendor-completions
manifest="$prefix/$manifest_dir/install-manifest"

say() { echo "install.sh: $*" >&2; }
fail() { say "$*"; exit 1; }

# The nearest existing folder of a path (the prefix may not exist yet).
existing_ancestor() {
    local path=$1
    while [ ! -e "$path" ]; do path=$(dirname "$path"); done
    echo "$path"
}

# The manifest's entries of one kind ("file" or "dir"), paths relative to the prefix.
manifest_entries() {
    [ -f "$manifest" ] || return 0
    awk -v kind="$1" '$1 == kind { sub(/^[a-z]+ /, ""); print }' "$manifest"
}

uninstall() {
    if [ ! -f "$manifest" ]; then
        say "nothing to uninstall: no $manifest (Formation was not installed under $prefix by this script)"
        return 0
    fi
    [ -w "$prefix/$manifest_dir" ] || fail "cannot write to $prefix: run as root (sudo scripts/install.sh --uninstall) or as the user who installed"
    local path removed=0 dirs
    dirs=$(manifest_entries dir)
    while IFS= read -r path; do
        if [ -e "$prefix/$path" ] || [ -L "$prefix/$path" ]; then
            rm -f "$prefix/$path"
            removed=$((removed + 1))
        fi
    done < <(manifest_entries file)
    # Folders the installation created, deepest first, each only if nothing else is in it.
    while IFS= read -r path; do
        [ -n "$path" ] || continue
        [ "$path" != . ] || path=
        path="$prefix${path:+/$path}"
        rmdir "$path" 2>/dev/null || [ ! -d "$path" ] || say "kept $path: it holds files this script did not install"
    done < <(echo "$dirs" | awk '{ print length($0) " " $0 }' | sort -rn | cut -d' ' -f2-)
    say "removed $removed files installed under $prefix"
}

# install_file SOURCE RELATIVE_PATH MODE: copies beside the target and renames over it, so that a
# running supervisor's binary is replaced, never written into. Executables (mode 0755) are
# stripped on the way, as the image ships them (binutils' strip; copied whole without it).
install_file() {
    local source=$1 target="$prefix/$2" mode=$3
    if [ "$mode" = 0755 ] && command -v strip >/dev/null; then
        strip --strip-all -o "$target.install-tmp" "$source"
    else
        cp "$source" "$target.install-tmp"
    fi
    chmod "$mode" "$target.install-tmp"
    mv -f "$target.install-tmp" "$target"
    files+=("$2")
}

# make_dir RELATIVE_PATH: creates the folder and each missing parent, recording those it created.
make_dir() {
    local relative=$1 missing=() path
    path=$relative
    while [ "$path" != . ] && [ ! -d "$prefix/$path" ]; do
        missing+=("$path")
        path=$(dirname "$path")
    done
    if [ "$path" = . ] && [ ! -d "$prefix" ]; then missing+=(.); fi
    mkdir -p "$prefix/$relative"
    dirs+=("${missing[@]}")
}

install() {
    local writable
    writable=$(existing_ancestor "$prefix")
    [ -w "$writable" ] || fail "cannot write to $writable: run as root (sudo scripts/install.sh) or choose a prefix you can write, e.g. --prefix ~/.local"

    local supervisor dashboard manual_tool
    if [ -n "$binaries" ]; then
        supervisor=$binaries/supervisor
        dashboard=$binaries/dashboard
    elif [ "$build" = true ]; then
        say "building the supervisor (release, fully static, in $static_scratch)"
        supervisor=$(build_static_supervisor)
        say "building the dashboard (release, static Swift runtime, in .build-stdlib)"
        dashboard=$(build_static_stdlib_dashboard)
    else
        supervisor=$static_scratch/release/supervisor
        dashboard=.build-stdlib/release/dashboard
    fi
    for binary in "$supervisor" "$dashboard"; do
        [ -x "$binary" ] || fail "no executable $binary to install: build it (run scripts/install.sh without --no-build) or pass --binaries DIR"
    done
    # The generator of the man page: built once (it does not depend on this package's sources).
    manual_tool=$static_scratch/release/generate-manual
    if [ ! -x "$manual_tool" ]; then
        say "building swift-argument-parser's generate-manual (release, in $static_scratch)"
        manual_tool=$(build_manual_tool)
    fi

    # Generated from the binary being installed, so they describe exactly its options.
    staging=$(mktemp -d)
    trap 'rm -rf "$staging"' EXIT
    "$manual_tool" "$supervisor" --output-directory "$staging"
    [ -s "$staging/supervisor.1" ] || fail "generate-manual wrote no supervisor.1 into $staging"
    for shell in bash zsh fish; do
        "$supervisor" --generate-completion-script "$shell" >"$staging/completion.$shell"
    done

    # Folders the previous installation created stay recorded: its uninstall removes them too.
    local files=() dirs=() previous
    mapfile -t dirs < <(manifest_entries dir)
    mapfile -t previous < <(manifest_entries file)
    for dir in bin share/man/man1 share/bash-completion/completions "$zsh_dir" share/fish/vendor_completions.d "$manifest_dir"; do
        make_dir "$dir"
    done
    install_file "$supervisor" bin/supervisor 0755
    install_file "$dashboard" bin/dashboard 0755
    install_file "$staging/supervisor.1" share/man/man1/supervisor.1 0644
    install_file "$staging/completion.bash" share/bash-completion/completions/supervisor 0644
    install_file "$staging/completion.zsh" "$zsh_dir/_supervisor" 0644
    install_file "$staging/completion.fish" share/fish/vendor_completions.d/supervisor.fish 0644
    # A file an earlier version installed and this one does not: removed.
    local old kept
    for old in "${previous[@]}"; do
        kept=false
        for path in "${files[@]}"; do [ "$path" = "$old" ] && kept=true; done
        [ "$kept" = true ] || rm -f "${prefix:?}/$old"
    done

    {
        echo "# Installed by scripts/install.sh; scripts/install.sh --uninstall --prefix $prefix removes these."
        for path in "${files[@]}"; do echo "file $path"; done
        echo "file $manifest_dir/install-manifest"
        printf '%s\n' "${dirs[@]}" | awk 'NF && !seen[$0]++ { print "dir " $0 }'
    } >"$manifest.install-tmp"
    chmod 0644 "$manifest.install-tmp"
    mv -f "$manifest.install-tmp" "$manifest"
    say "installed $("$prefix/bin/supervisor" --version) into $prefix: bin/supervisor, bin/dashboard, the man page and the bash, zsh and fish completions (listed in $manifest)"
}

"$mode"
