#!/usr/bin/env bash
# valgrind.sh - the end-to-end suite with every `cases` run under Valgrind's
# memcheck, against a build WITHOUT sanitizers (the two do not mix). Any
# memory error or definite leak makes that command exit 99 (and print the
# report on stderr), which fails its test.
#
# usage: tests/valgrind.sh [BUILD_DIR [TEST_NAME_PATTERN]]
#   BUILD_DIR  a build without -Db_sanitize; default build-valgrind, set
#              up and built here (meson, debugoptimized) if missing
#   PATTERN    only the e2e tests whose names match (as tests/e2e/run.sh)
# environment: VALGRIND_EXCLUDE, a regex of test names to leave out
# (default: the one test that cannot pass under Valgrind, see below).
# The tests are dealt to two shards run side by side (two cores). Prints
# "valgrind: N passed, M failed" last; exits non-zero if any test failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${1:-$root/build-valgrind}
pattern=${2:-.}
# Tests that cannot pass under Valgrind, whatever the code: it runs
# posix_spawn's child as a fork, so a program that cannot be executed
# shows as exit status 127 instead of an error from posix_spawn.
# Left to the sanitizer run, which runs them all, because memcheck's ~50x
# would make them most of CI's time while they exercise no code path the
# others miss: the crash tests (SIGKILL at chosen moments, a 200,000-line
# import), the races of many processes (first use, four writers, four
# checks, hook delivery, backup and restore under load), the backlog of
# the check's memory test, and the terminal tests, which repeat the same
# commands at many widths and zones (two widths stay, below).
exclude=${VALGRIND_EXCLUDE:-^(test_hook_timeout_and_missing_program|test_crash_.*|test_first_use_by_twelve_processes|test_four_writers_lose_nothing|test_check_four_at_once|test_deliver_.*|test_backup_while_writing|test_restore_while_others_read|test_check_memory_flat_whatever_the_backlog|test_person_tables_keep_number_and_state_whole|test_terminal_.*_finish_and_fit)\$}

command -v valgrind >/dev/null ||
	{ echo "valgrind: not installed (apt-get install valgrind)" >&2; exit 1; }
if [ ! -f "$build/build.ninja" ]; then
	meson setup "$build" -Dbuildtype=debugoptimized >/dev/null ||
		{ echo "valgrind: meson setup failed" >&2; exit 1; }
fi
ninja -C "$build" cases >/dev/null || { echo "valgrind: build failed" >&2; exit 1; }
san=$(python3 -c '
import json, sys
opts = json.load(open(sys.argv[1]))
print(next((o["value"] for o in opts if o["name"] == "b_sanitize"), "none"))
' "$build/meson-info/intro-buildoptions.json")
if [ "$san" != none ]; then
	echo "valgrind: $build is built with -Db_sanitize=$san; use a build without" >&2
	exit 1
fi

# Memcheck makes each run of cases ~50 times slower: the first-use race
# (100 rounds of 12 processes in the sanitizer run) gets 3 rounds here,
# the terminal tests two widths of seven, and the restore-under-readers
# test 2 rounds of 6.
export FIRSTUSE_ROUNDS=${FIRSTUSE_ROUNDS:-3}
export TTY_WIDTHS=${TTY_WIDTHS:-20 80}
export RESTORE_ROUNDS=${RESTORE_ROUNDS:-2}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/cases" <<EOF
#!/bin/sh
exec valgrind --error-exitcode=99 --leak-check=full \\
	--errors-for-leak-kinds=definite --show-leak-kinds=definite -q \\
	"$(realpath "$build/cases")" "\$@"
EOF
chmod +x "$work/cases"

# The tests to run, dealt in turn to two shards that run side by side.
mapfile -t tests < <(grep -ho '^test_[A-Za-z0-9_]*' "$here"/e2e/t-*.sh |
	sort -u | grep -E -- "$pattern" | grep -vE -- "$exclude")
shard1=() shard2=()
for i in "${!tests[@]}"; do
	if [ $((i % 2)) = 0 ]; then shard1+=("${tests[i]}"); else shard2+=("${tests[i]}"); fi
done
start=$(date +%s)
for s in 1 2; do
	declare -n list=shard$s
	if [ "${#list[@]}" = 0 ]; then
		echo 'e2e: 0 passed, 0 failed' >"$work/shard$s"
	else
		re="^($(IFS='|'; echo "${list[*]}"))\$"
		"$here/e2e/run.sh" "$work/cases" "$re" >"$work/shard$s" 2>&1 &
	fi
	unset -n list
done
wait
cat "$work/shard1" "$work/shard2" | grep -v '^e2e: '
read -r passed failed < <(cat "$work/shard1" "$work/shard2" |
	awk '/^e2e: [0-9]+ passed, [0-9]+ failed/ { p += $2; f += $4 }
		END { print p + 0, f + 0 }')
grep -q '^e2e: ' "$work/shard1" && grep -q '^e2e: ' "$work/shard2" ||
	failed=$((failed + 1))
echo "valgrind: e2e under memcheck took $(($(date +%s) - start))s"
echo "valgrind: $passed passed, $failed failed"
[ "$failed" = 0 ]
