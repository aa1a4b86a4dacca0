# harness.sh - a small end-to-end test harness for the cases binary.
#
# Each test is a shell function named test_*; run.sh calls every one in a
# fresh temporary folder with CASES_DB pointing into it. Inside a test:
#   run ARGS...             run `cases ARGS...`; sets $out, $err, $rc
#   run_in TEXT ARGS...     the same with TEXT on stdin
#   expect_rc N             the last exit status is N
#   expect_out TEXT         stdout is exactly TEXT (trailing newline trimmed)
#   expect_out_has TEXT     stdout contains TEXT
#   expect_out_match ERE    stdout matches the extended regex
#   expect_err_has TEXT     stderr contains TEXT
#   expect_err_line         stderr is exactly one line starting "cases: "
#   expect_eq A B [WHAT]    A equals B
#   fail MESSAGE            fail the test
# A test fails at its first failed expectation (the rest of it still runs,
# but only the first failure is reported).

out= err= rc=0
_failed=0

fail() {
	if [ "$_failed" = 0 ]; then
		printf '    FAIL %s: %s\n' "$_test" "$*"
		printf '      last: cases %s\n      rc=%s\n      stdout: %s\n      stderr: %s\n' \
			"$_last" "$rc" "$(printf '%s' "$out" | head -c 600)" \
			"$(printf '%s' "$err" | head -c 600)"
	fi
	_failed=1
}

run() {
	_last="$*"
	out=$("$CASES" "$@" 2>"$_tmp/stderr" </dev/null)
	rc=$?
	err=$(cat "$_tmp/stderr")
}

run_in() {
	local input=$1
	shift
	_last="$* <<< input"
	out=$(printf '%s' "$input" | "$CASES" "$@" 2>"$_tmp/stderr")
	rc=$?
	err=$(cat "$_tmp/stderr")
}

expect_rc() {
	[ "$rc" = "$1" ] || fail "exit status $rc, expected $1"
}

expect_out() {
	[ "$out" = "$1" ] || fail "stdout differs; expected: $1"
}

expect_out_has() {
	case "$out" in *"$1"*) ;; *) fail "stdout lacks: $1" ;; esac
}

expect_out_lacks() {
	case "$out" in *"$1"*) fail "stdout has: $1" ;; *) ;; esac
}

expect_out_match() {
	printf '%s' "$out" | grep -Eq -- "$1" || fail "stdout does not match: $1"
}

expect_err_has() {
	case "$err" in *"$1"*) ;; *) fail "stderr lacks: $1" ;; esac
}

expect_err_line() {
	local n
	n=$(printf '%s\n' "$err" | wc -l)
	[ "$n" = 1 ] || fail "stderr has $n lines, expected 1"
	case "$err" in "cases: "*) ;; *) fail "stderr does not start with 'cases: '" ;; esac
}

expect_no_err() {
	[ -z "$err" ] || fail "unexpected stderr"
}

expect_eq() {
	[ "$1" = "$2" ] || fail "${3:-value}: got '$1', expected '$2'"
}

# Count of rows in the cases table (via the program's own export of ids).
count_cases() {
	"$CASES" list --status all --format csv 2>/dev/null | tail -n +2 | grep -c . || true
}

# sha256 of the database file and its side files, to prove "unchanged".
db_sum() {
	cat "$CASES_DB" "$CASES_DB-wal" 2>/dev/null | sha256sum | cut -d' ' -f1
}
