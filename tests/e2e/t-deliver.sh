# t-deliver.sh - `check --exec` delivery (docs/check.md 4, issue 11):
# overlapping runs deliver each event exactly once, a run killed during its
# hook leaves the event to a later run once its claim has expired, the hook
# timeout is measured in milliseconds, and what a timeout kills (its
# process group, not a session the hook starts of its own).
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

# One case, overdue at $DELIVER_AT.
one_overdue_case() {
	run open --plan business --severity prod-down --subject one \
		--at 2026-01-01T00:00:00Z
	expect_rc 0
}

# gone PID: the process has ended (absent, or a zombie nobody reaped yet).
gone() {
	local st
	st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
	[ -z "$st" ] || [ "$st" = Z ]
}

test_deliver_four_runs_each_event_once() {
	make_overdue_cases 200
	make_log_hook
	local i pids=()
	for i in 1 2 3 4; do
		timeout 120 "$CASES" check --at "$DELIVER_AT" \
			--exec "$PWD/hook.sh" >"out$i" 2>"err$i" &
		pids+=($!)
	done
	for i in 0 1 2 3; do
		wait "${pids[i]}" || fail "run $((i + 1)) exited $?: $(cat "err$((i + 1))")"
	done
	expect_eq "$(grep -c . log)" 200 "hook calls"
	expect_eq "$(sort -u log | grep -c .)" 200 "distinct events delivered"
	expect_eq "$(cat out1 out2 out3 out4 | grep -c '^breached ')" 200 "lines printed"
	expect_eq "$(cat err1 err2 err3 err4)" "" "stderr"
	expect_eq "$(sqlite3 "$CASES_DB" "SELECT count(*) FROM event WHERE kind = 'breached' AND hook = 1")" 200 "events marked delivered"
	# Nothing is left to deliver.
	run check --at "$DELIVER_AT" --exec "$PWD/hook.sh"
	expect_rc 0
	expect_eq "$(grep -c . log)" 200 "hook calls after one more run"
}

test_deliver_slow_hook_and_a_second_run_no_duplicate() {
	# The hook holds its event until the test says "go".
	cat >hook.sh <<'SH'
#!/bin/sh
echo "start $CASES_ID" >>"$HOOK_DIR/log"
i=0
while [ ! -e "$HOOK_DIR/go" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
SH
	chmod +x hook.sh
	export HOOK_DIR=$PWD
	: >log
	one_overdue_case
	timeout 60 "$CASES" check --at "$DELIVER_AT" --exec "$PWD/hook.sh" \
		>out1 2>err1 &
	local pid=$!
	wait_for_lines log 1
	# A second run while the first one's hook runs: it must leave the
	# event alone (claimed), say nothing and succeed.
	run check --at "$DELIVER_AT" --exec "$PWD/hook.sh"
	expect_rc 0
	expect_out ""
	expect_no_err
	expect_eq "$(grep -c . log)" 1 "hook calls during the first one"
	touch go
	wait "$pid" || fail "the first run exited $?: $(cat err1)"
	expect_eq "$(grep -c '^breached ' out1)" 1 "printed by the first run"
	run check --at "$DELIVER_AT" --exec "$PWD/hook.sh"
	expect_rc 0
	expect_eq "$(grep -c . log)" 1 "hook calls in all"
}

test_deliver_killed_run_redelivered_after_its_claim_expires() {
	# First call: report, then hang until killed. Later calls: report.
	cat >hook.sh <<'SH'
#!/bin/sh
echo "start $CASES_ID" >>"$HOOK_DIR/log"
[ -e "$HOOK_DIR/fast" ] && exit 0
echo $$ >"$HOOK_DIR/hookpid"
exec sleep 30
SH
	chmod +x hook.sh
	export HOOK_DIR=$PWD
	: >log
	one_overdue_case
	# A 2 s timeout: the claim lasts 2 s + 2 s on the real clock. (No
	# `timeout` wrapper: the pid must be that of cases, which is killed.)
	"$CASES" check --at "$DELIVER_AT" --exec "$PWD/hook.sh" \
		--hook-timeout 2s >out1 2>err1 &
	local pid=$! i
	wait_for_lines log 1
	wait_for_lines hookpid 1
	kill -9 "$pid"
	wait "$pid" 2>/dev/null
	kill "$(cat hookpid)" 2>/dev/null
	touch fast
	expect_eq "$(grep -c '^breached ' out1)" 1 "printed before the kill"
	expect_eq "$(sqlite3 "$CASES_DB" "SELECT count(*) FROM event WHERE kind = 'breached' AND hook = 0 AND claimed_until IS NOT NULL")" 1 "claimed, not delivered"
	# While the dead run's claim holds, nobody delivers it again.
	run check --at "$DELIVER_AT" --exec "$PWD/hook.sh" --hook-timeout 2s
	expect_rc 0
	expect_eq "$(grep -c . log)" 1 "hook calls while claimed"
	# Once it has expired, a run delivers it (never lost), and only once.
	for i in $(seq 100); do
		run check --at "$DELIVER_AT" --exec "$PWD/hook.sh" --hook-timeout 2s
		[ "$(grep -c . log)" -ge 2 ] && break
		sleep 0.1
	done
	expect_rc 0
	expect_eq "$(grep -c . log)" 2 "hook calls after the claim expired"
	run check --at "$DELIVER_AT" --exec "$PWD/hook.sh" --hook-timeout 2s
	expect_eq "$(grep -c . log)" 2 "hook calls in all"
	expect_eq "$(sqlite3 "$CASES_DB" "SELECT count(*) FROM event WHERE kind = 'breached' AND hook = 1")" 1 "delivered"
}

test_deliver_failed_hook_released_for_the_next_run() {
	# A hook that fails gives up its claim at once: the very next run
	# delivers it again (no waiting for the claim to expire).
	cat >hook.sh <<'SH'
#!/bin/sh
echo "$CASES_ID" >>"$HOOK_DIR/log"
[ -e "$HOOK_DIR/ok" ]
SH
	chmod +x hook.sh
	export HOOK_DIR=$PWD
	: >log
	make_overdue_cases 3
	run check --at "$DELIVER_AT" --exec "$PWD/hook.sh" --hook-timeout 60s
	expect_rc 1
	expect_err_has "retried on the next run"
	expect_eq "$(grep -c . log)" 3 "calls"
	touch ok
	run check --at "$DELIVER_AT" --exec "$PWD/hook.sh" --hook-timeout 60s
	expect_rc 0
	expect_eq "$(grep -c . log)" 6 "calls"
	expect_eq "$(sqlite3 "$CASES_DB" "SELECT count(*) FROM event WHERE hook = 1 AND claimed_until IS NULL")" 3 "delivered, claims gone"
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

test_hook_timeout_kills_its_group_not_a_new_session() {
	# What the man page says: at the timeout the hook's process group is
	# killed (a child it left in the background too), but a process that
	# started a session of its own (setsid) is not.
	cat >hook.sh <<'SH'
#!/bin/sh
sleep 30 &
echo $! >"$HOOK_DIR/child"
setsid sh -c 'echo $$ >"$HOOK_DIR/escaped.tmp"; mv "$HOOK_DIR/escaped.tmp" "$HOOK_DIR/escaped"; exec sleep 30' &
wait
SH
	chmod +x hook.sh
	export HOOK_DIR=$PWD
	one_overdue_case
	run check --at "$DELIVER_AT" --exec "$PWD/hook.sh" --hook-timeout 1s
	expect_rc 1
	expect_err_has "timed out after 1s"
	wait_for_lines child 1
	wait_for_lines escaped 1
	local child escaped i
	child=$(cat child)
	escaped=$(cat escaped)
	for i in $(seq 50); do
		gone "$child" && break
		sleep 0.1
	done
	gone "$child" || fail "the hook's background child survived the timeout"
	gone "$escaped" && fail "the setsid process was killed (update the man page)"
	kill "$escaped" 2>/dev/null
	grep -q 'session of its own' "$CASES_SRC/contrib/man/cases.1" ||
		fail "the man page does not say a new session escapes"
	run check --help
	expect_out_has "session of its own"
}
