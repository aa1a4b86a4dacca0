#!/usr/bin/env bash
# run.sh - run the end-to-end tests against a cases binary.
# usage: tests/e2e/run.sh PATH/TO/cases [TEST_NAME_PATTERN]
# Prints one line per failure and ends with "e2e: N passed, M failed";
# exits non-zero if any test failed.
set -u
CASES=$(realpath "$1")
pattern=${2:-.}
here=$(dirname "$(realpath "$0")")
CASES_SRC=$(realpath "$here/../..") # the source tree
export CASES CASES_SRC
export LC_ALL=C.UTF-8
unset CASES_NOW XDG_DATA_HOME
export TZ=UTC
export TZDIR=/usr/share/zoneinfo

. "$here/harness.sh"
for f in "$here"/t-*.sh; do
	. "$f"
done

passed=0
failed=0
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
for _test in $(declare -F | awk '{print $3}' | grep '^test_' | grep -E -- "$pattern"); do
	_tmp="$root/$_test"
	mkdir -p "$_tmp"
	_failed=0
	(
		cd "$_tmp" || exit 1
		export CASES_DB="$_tmp/cases.db"
		export HOME="$_tmp/home"
		"$_test"
		exit "$_failed"
	)
	if [ $? = 0 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
done
echo "e2e: $passed passed, $failed failed"
[ "$failed" = 0 ]
