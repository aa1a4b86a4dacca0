# t-check.sh - `cases check`: breaches exactly once, warnings, hooks
# (docs/check.md).

# Open n prod-down cases on business at 09:00 (due 10:00).
open_n() {
	local i
	for i in $(seq 1 "$1"); do
		"$CASES" open --plan business --severity prod-down --subject "case $i" \
			--at 2026-11-26T09:00:00Z >/dev/null || fail "open $i"
	done
}

test_check_silent_when_nothing_new() {
	open_n 2
	run check --at 2026-11-26T09:59:59Z
	expect_rc 0
	expect_out ""
	expect_no_err
	run check --at 2026-11-26T10:00:00Z
	expect_rc 0
	expect_out ""
}

test_check_records_each_breach_once() {
	open_n 3
	run check --at 2026-11-26T10:00:01Z
	expect_rc 0
	expect_eq "$(printf '%s\n' "$out" | grep -c '^breached ')" 3 "lines"
	expect_out_has "business/prod-down"
	expect_out_has "overdue 1s"
	run check --at 2026-11-26T10:05:00Z
	expect_rc 0
	expect_out ""
	run check --at 2026-11-27T10:05:00Z
	expect_out ""
	expect_eq "$(sqlite3 "$CASES_DB" "SELECT count(*) FROM event WHERE kind = 'breached'")" 3 "breach events"
	run show "$(sqlite3 "$CASES_DB" "SELECT lower(hex(uuid)) FROM cases LIMIT 1")" --format json
	expect_out_has '"breached_at":"2026-11-26T10:00:01Z"'
	expect_out_has '"event":"breached"'
}

test_check_jsonl_fields() {
	run account add acme --plan business
	run open --account acme --severity prod-down --subject 'Down "hard"' --at 2026-11-26T09:00:00Z
	local id=$out
	run check --at 2026-11-26T10:30:00Z --format jsonl
	expect_rc 0
	python3 -c '
import json, sys
lines = sys.argv[1].splitlines()
assert len(lines) == 1, lines
e = json.loads(lines[0])
want = {"event": "breached", "id": sys.argv[2], "account": "acme", "plan": "business",
        "severity": "prod-down", "subject": "Down \"hard\"",
        "due_at": "2026-11-26T10:00:00Z", "at": "2026-11-26T10:30:00Z"}
assert e == want, e
' "$out" "$id" || fail "jsonl"
}

test_check_four_at_once() {
	open_n 40
	local i
	for i in 1 2 3 4; do
		"$CASES" check --at 2026-11-26T11:00:00Z >"out$i" 2>"err$i" &
	done
	wait
	expect_eq "$(cat out1 out2 out3 out4 | grep -c '^breached ')" 40 "lines printed"
	expect_eq "$(cat err1 err2 err3 err4)" "" "stderr"
	expect_eq "$(sqlite3 "$CASES_DB" "SELECT count(*) FROM event WHERE kind = 'breached'")" 40 "events"
	expect_eq "$(cat out1 out2 out3 out4 | awk '{print $2}' | sort -u | wc -l)" 40 "distinct cases"
}

test_check_catches_up_after_a_week() {
	local d
	for d in 19 20 21 22 23 24 25; do
		"$CASES" open --plan business --severity prod-down --subject "day $d" \
			--at 2026-11-${d}T09:00:00Z >/dev/null
	done
	open_n 5
	# No run for a week; one run catches up on all of it, no cap.
	run check --at 2026-11-26T12:00:00Z
	expect_rc 0
	expect_eq "$(printf '%s\n' "$out" | grep -c '^breached ')" 12 "breaches"
	expect_out_has "day 19"
	run check --at 2026-11-26T12:01:00Z
	expect_out ""
}

test_check_skips_answered_and_resolved() {
	local a b
	run open --plan business --severity prod-down --subject A --at 2026-11-26T09:00:00Z
	a=$out
	run open --plan business --severity prod-down --subject B --at 2026-11-26T09:00:00Z
	b=$out
	run respond "$a" --at 2026-11-26T10:00:00Z
	run resolve "$b" --at 2026-11-26T09:30:00Z
	run check --at 2026-11-26T12:00:00Z
	expect_out ""
}

test_breach_stays_after_downgrade() {
	local id
	run open --plan business --severity prod-down --subject A --at 2026-11-26T09:00:00Z
	id=$out
	run check --at 2026-11-26T10:00:01Z
	expect_eq "$(printf '%s\n' "$out" | grep -c .)" 1 "breach"
	run escalate "$id" --severity general --at 2026-11-26T10:01:00Z --format json
	expect_out_has '"due_at":"2026-11-27T09:00:00Z"'
	expect_out_has '"breached_at":"2026-11-26T10:00:01Z"'
	run overdue --at 2026-11-26T10:02:00Z --format csv
	expect_out_lacks "$id"
	run check --at 2026-11-28T00:00:00Z
	expect_out ""
	expect_eq "$(sqlite3 "$CASES_DB" "SELECT count(*) FROM event WHERE kind = 'breached'")" 1 "events"
}

test_warn_between_80_and_100_percent_once() {
	# 1h target from 09:00: 80% at 09:48.
	open_n 1
	run check --warn 80 --at 2026-11-26T09:47:59Z
	expect_out ""
	run check --warn 80 --at 2026-11-26T09:48:00Z
	expect_eq "$(printf '%s\n' "$out" | grep -c '^warned ')" 1 "warned"
	expect_out_has "in 12m"
	run check --warn 80 --at 2026-11-26T09:50:00Z
	expect_out ""
	run check --warn 80 --at 2026-11-26T10:00:01Z
	expect_eq "$(printf '%s\n' "$out" | grep -c '^breached ')" 1 "breached"
	expect_eq "$(printf '%s\n' "$out" | grep -c .)" 1 "lines"
	run check --warn 80 --at 2026-11-26T11:00:00Z
	expect_out ""
}

test_warn_not_for_cases_first_seen_overdue() {
	open_n 1
	run check --warn 80 --at 2026-11-26T10:30:00Z
	expect_eq "$(printf '%s\n' "$out" | grep -c '^breached ')" 1 "breached"
	expect_out_lacks warned
	expect_eq "$(sqlite3 "$CASES_DB" "SELECT count(*) FROM event WHERE kind = 'warned'")" 0 "warnings"
}

test_warn_counts_business_time() {
	# developer: general 24 business hours, mon-fri 08:00-18:00 UTC.
	# Opened Thu 2026-11-26 08:00 -> due Mon 2026-11-30 12:00 (10+10+4 h).
	# 50% = 12 business hours: Fri 2026-11-27 10:00.
	run open --plan developer --severity general --subject biz --at 2026-11-26T08:00:00Z --format json
	expect_out_has '"due_at":"2026-11-30T12:00:00Z"'
	run check --warn 50 --at 2026-11-27T09:59:59Z
	expect_out ""
	run check --warn 50 --at 2026-11-27T10:00:00Z
	expect_out_has "warned "
	run check --warn 50 --warn 1 --at 2026-11-27T11:00:00Z
	expect_out ""
	run check --warn 100
	expect_rc 2
	expect_err_has "invalid --warn '100'"
	run check --warn 0
	expect_rc 2
}

test_hook_gets_subject_byte_for_byte() {
	local nasty='$(touch pwned) `touch pwned2`; rm -rf / | cat && echo "hi" '"'"'q'"'"' > x *'
	cat >hook.sh <<'SH'
#!/bin/sh
printf '%s' "$CASES_SUBJECT" >"$HOOK_DIR/subject"
printf '%s %s %s %s %s %s\n' "$CASES_ID" "$CASES_EVENT" "$CASES_PLAN" "$CASES_SEVERITY" "$CASES_ACCOUNT" "$CASES_DUE_AT" >>"$HOOK_DIR/calls"
echo "hook output"
SH
	chmod +x hook.sh
	export HOOK_DIR=$PWD
	run open --plan business --severity prod-down --subject "$nasty" --at 2026-11-26T09:00:00Z
	local id=$out
	run check --at 2026-11-26T10:00:01Z --exec "$PWD/hook.sh"
	expect_rc 0
	expect_eq "$(printf '%s\n' "$out" | grep -c .)" 1 "stdout lines"
	expect_err_has "hook output"
	expect_eq "$(cat subject)" "$nasty" "subject seen by the hook"
	expect_eq "$(cat calls)" "$id breached business prod-down  2026-11-26T10:00:00Z" "variables"
	[ -e pwned ] || [ -e pwned2 ] && fail "the subject was executed"
	run check --at 2026-11-26T10:30:00Z --exec "$PWD/hook.sh"
	expect_eq "$(wc -l <calls)" 1 "hook calls after a second run"
}

test_failing_hook_retried_until_success() {
	cat >hook.sh <<'SH'
#!/bin/sh
echo "$CASES_ID" >>"$HOOK_DIR/calls"
[ -e "$HOOK_DIR/ok" ]
SH
	chmod +x hook.sh
	export HOOK_DIR=$PWD
	open_n 2
	run check --at 2026-11-26T10:00:01Z --exec "$PWD/hook.sh"
	expect_rc 1
	expect_eq "$(printf '%s\n' "$out" | grep -c '^breached ')" 2 "printed"
	expect_err_has "retried on the next run"
	expect_eq "$(wc -l <calls)" 2 "calls"
	# Still failing: delivered again, not printed again.
	run check --at 2026-11-26T10:01:00Z --exec "$PWD/hook.sh"
	expect_rc 1
	expect_out ""
	expect_eq "$(wc -l <calls)" 4 "calls"
	touch ok
	run check --at 2026-11-26T10:02:00Z --exec "$PWD/hook.sh"
	expect_rc 0
	expect_eq "$(wc -l <calls)" 6 "calls"
	run check --at 2026-11-26T10:03:00Z --exec "$PWD/hook.sh"
	expect_rc 0
	expect_eq "$(wc -l <calls)" 6 "calls after success"
}

test_hook_timeout_and_missing_program() {
	printf '#!/bin/sh\nsleep 30\n' >slow.sh
	chmod +x slow.sh
	open_n 1
	run check --at 2026-11-26T10:00:01Z --exec "$PWD/slow.sh" --hook-timeout 1s
	expect_rc 1
	expect_err_has "timed out after 1s"
	run check --at 2026-11-26T10:00:02Z --exec "/nonexistent/hook"
	expect_rc 1
	expect_err_has "cannot run '/nonexistent/hook'"
	run check --at 2026-11-26T10:00:03Z --exec "true"
	expect_rc 0
	run check --at 2026-11-26T10:00:04Z --exec "false"
	expect_rc 0
	run check --exec ""
	expect_rc 2
}

# peak_rss_check N: peak RSS (KiB) of a `check` that records N breaches of
# cases with 4 KB subjects (ASan's quarantine of freed memory off, or it
# would count as growth).
peak_rss_check() {
	_last="check recording $1 breaches (peak RSS)"
	rm -f "$CASES_DB" "$CASES_DB-wal" "$CASES_DB-shm"
	make_overdue_cases "$1" 4096
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0" \
		/usr/bin/time -f %M -o rss timeout 120 "$CASES" check \
		--at 2026-02-01T00:00:00Z --format jsonl >check.out ||
		fail "check failed"
	[ "$(grep -c . check.out)" = "$1" ] || fail "check printed $(grep -c . check.out) lines, not $1"
	tail -n 1 rss
}

test_check_memory_flat_whatever_the_backlog() {
	# Issue 11: 175 MB for 20,000 breaches with 4 KB subjects, because the
	# run held every candidate and every new event. It streams now: five
	# times the backlog may not cost 20 MB (its subjects alone) more.
	[ -x /usr/bin/time ] || { echo "    (skipped: no /usr/bin/time)"; return; }
	case $(head -c 2 "$CASES") in '#!') return ;; esac # under a wrapper (Valgrind): its own memory
	local small big
	small=$(peak_rss_check 1000)
	big=$(peak_rss_check 5000)
	[ $((big - small)) -lt 8192 ] ||
		fail "peak RSS grew from $small KiB (1,000 breaches) to $big KiB (5,000)"
}

test_check_warn_skips_only_the_calendar_whose_zone_is_gone() {
	# A zone that loads when the calendar is made and is gone later (a
	# tzdata upgrade, or cron's TZDIR): breaches are still recorded from
	# the stored due_at, and other cases still get their warnings; only
	# the warnings that need that zone are skipped, with one line for the
	# calendar, and the run exits 1.
	mkdir -p zi/Test
	cp /usr/share/zoneinfo/UTC zi/UTC
	cp /usr/share/zoneinfo/Europe/Paris zi/Test/Gone
	export TZDIR=$PWD/zi
	run calendar add gone --tz Test/Gone --hours 'mon-sun 00:00-24:00'
	expect_rc 0
	run account add far --plan developer --calendar gone
	run account add near --plan developer
	# developer, system-impaired: 12 business hours.
	local a b old near
	run open --account far --severity system-impaired --subject a --at 2026-11-26T08:00:00Z
	a=$out
	run open --account far --severity system-impaired --subject b --at 2026-11-26T08:00:00Z
	b=$out
	run open --account far --severity system-impaired --subject old --at 2026-11-25T00:00:00Z
	old=$out
	run open --account near --severity system-impaired --subject near --at 2026-11-26T08:00:00Z
	near=$out
	rm zi/Test/Gone
	run check --warn 50 --at 2026-11-26T15:00:00Z
	expect_rc 1
	expect_err_line
	expect_err_has "Test/Gone"
	expect_err_has "2 cases"
	expect_eq "$(printf '%s\n' "$out" | grep -c .)" 2 "lines printed"
	expect_out_match "^breached ${old:0:8} "
	expect_out_match "warned +${near:0:8} "
	expect_eq "$(sqlite3 "$CASES_DB" "SELECT count(*) FROM event WHERE kind IN ('breached', 'warned')")" 2 "events recorded"
	# Every run says it again (the zone is still missing), records no more.
	run check --warn 50 --at 2026-11-26T15:01:00Z
	expect_rc 1
	expect_err_line
	expect_out ""
	# Without --warn nothing needs the zone.
	run check --at 2026-11-26T15:02:00Z
	expect_rc 0
	expect_no_err
	# The zone back: the two warnings come.
	cp /usr/share/zoneinfo/Europe/Paris zi/Test/Gone
	run check --warn 50 --at 2026-11-26T15:03:00Z
	expect_rc 0
	expect_out_has "${a:0:8}"
	expect_out_has "${b:0:8}"
}
