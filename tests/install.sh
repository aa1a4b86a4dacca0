#!/usr/bin/env bash
# install.sh - `meson install` puts the binary, the man page and the bash
# completion where the build's --prefix, bindir, mandir and datadir say, and
# the installed binary reports the version of meson.build.
# usage: tests/install.sh BUILD_DIR   (run by meson test as 'install')
set -u
build=$(realpath "$1")
fails=0

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT

# The configured locations and version, from meson's own introspection.
read -r prefix bindir mandir datadir version < <(
	meson introspect --buildoptions --projectinfo "$build" | python3 -c '
import json, sys
d = json.load(sys.stdin)
opts = {o["name"]: o["value"] for o in d["buildoptions"]}
print(opts["prefix"], opts["bindir"], opts["mandir"], opts["datadir"],
      d["projectinfo"]["version"])
')
[ -n "${version:-}" ] || { echo "FAIL: meson introspect gave nothing"; exit 1; }

# A relative directory option is under the prefix; an absolute one is not.
under_prefix() {
	case $1 in
	/*) printf '%s' "$1" ;;
	*) printf '%s/%s' "$prefix" "$1" ;;
	esac
}

if ! meson install -C "$build" --destdir "$dest" --no-rebuild >"$dest.log" 2>&1; then
	cat "$dest.log"
	rm -f "$dest.log"
	echo "FAIL: meson install"
	exit 1
fi
rm -f "$dest.log"

bin=$dest$(under_prefix "$bindir")/cases
man=$dest$(under_prefix "$mandir")/man1/cases.1
comp=$dest$(under_prefix "$datadir")/bash-completion/completions/cases

[ -x "$bin" ] || fail "no executable $bin"
[ -f "$man" ] || fail "no man page $man"
[ -f "$comp" ] || fail "no bash completion $comp"

# Nothing but those three (no test or benchmark programs).
n=$(find "$dest" -type f | wc -l)
[ "$n" = 3 ] || fail "installed $n files, expected 3: $(find "$dest" -type f)"

if [ -x "$bin" ]; then
	got=$("$bin" --version 2>&1)
	[ "$got" = "cases $version" ] ||
		fail "installed cases --version printed '$got', expected 'cases $version'"
fi
if [ -f "$man" ]; then
	cmp -s "$man" "$(dirname "$0")/../contrib/man/cases.1" ||
		fail "installed man page differs from contrib/man/cases.1"
fi
if [ -f "$comp" ]; then
	bash -c '. "$1" && complete -p cases' _ "$comp" >/dev/null 2>&1 ||
		fail "the installed completion does not register for cases"
fi

if [ "$fails" = 0 ]; then
	echo "install: ok (prefix $prefix)"
fi
[ "$fails" = 0 ]
