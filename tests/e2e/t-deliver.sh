# t-deliver.sh - `check --exec` delivery (SPEC §4, issue 11): the hook
# timeout is measured in milliseconds.
#
# Uses make_overdue_cases from t-faults.sh (run.sh sources every file).

DELIVER_AT=2026-02-01T00:00:00Z

# hook.sh: appends "EVENT ID" to $HOOK_DIR/log, once per call.
make_log_hook() {
	cat >hook.sh <<'SH'
#!/bin/sh
echo "$CASES_EVENT $CASES_ID" >>"$HOOK_DIR/log"
SH
	chmod +x hook.sh
	export HOOK_DIR=$PWD
	: >log
}

# wait_for_lines FILE N: wait (up to 20 s) until FILE has N lines.
wait_for_lines() {
	local i
	for i in $(seq 200); do
		[ "$(grep -c . "$1" 2>/dev/null)" -ge "$2" ] && return 0
		sleep 0.1
	done
	fail "$1 never reached $2 lines"
	return 1
}

# gone PID: the process has ended (absent, or a zombie nobody reaped yet).
# One case, overdue at $DELIVER_AT.
one_overdue_case() {
	run open --plan business --severity prod-down --subject one \
		--at 2026-01-01T00:00:00Z
	expect_rc 0
}

gone() {
	local st
	st=$(ps -o stat= -p "$1" 2>/dev/null)
	[ -z "$st" ] || [ "${st#Z}" != "$st" ]
}

test_hook_timeout_is_measured_in_milliseconds() {
	# 20 hooks of 0.5 s under a 1 s timeout: none may be killed (a timeout
	# counted in whole clock seconds killed about half of them).
	cat >hook.sh <<'SH'
#!/bin/sh
sleep 0.5
echo "$CASES_ID" >>"$HOOK_DIR/log"
SH
	chmod +x hook.sh
	export HOOK_DIR=$PWD
	: >log
	make_overdue_cases 20
	run check --at "$DELIVER_AT" --exec "$PWD/hook.sh" --hook-timeout 1s
	expect_rc 0
	expect_eq "$(printf '%s' "$err" | grep -c 'timed out')" 0 "hooks killed"
	expect_eq "$(grep -c . log)" 20 "hooks that finished"
}

test_hook_timeout_in_milliseconds_option() {
	printf '#!/bin/sh\nsleep 5\n' >slow.sh
	chmod +x slow.sh
	one_overdue_case
	run check --at "$DELIVER_AT" --exec "$PWD/slow.sh" --hook-timeout 300ms
	expect_rc 1
	expect_err_has "timed out after 300ms"
	run check --at "$DELIVER_AT" --exec "$PWD/slow.sh" --hook-timeout 1500ms
	expect_rc 1
	expect_err_has "timed out after 1500ms"
	for bad in 0ms 0s ms 5x -1s 1.5s; do
		run check --exec true --hook-timeout "$bad"
		expect_rc 2
		expect_err_line
		expect_err_has "'$bad'"
	done
	run check --help
	expect_out_has "500ms"
}
