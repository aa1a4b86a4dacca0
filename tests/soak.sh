#!/usr/bin/env bash
# soak.sh - concurrency soak: four writer processes open, respond to,
# escalate, resolve and reopen cases while `cases check` runs in a loop
# and four `cases check --warn 80 --exec HOOK` loops run beside it, for
# SECONDS (default 60); then one last check (with --exec), and the books
# must balance:
#   - no command failed (every exit status 0);
#   - every case a writer opened is in the database, no other, each with
#     exactly one opened event and the status its writer last gave it;
#   - no case has two breached events, breached_at agrees with the events,
#     and every case unanswered and overdue at the last check's instant
#     has exactly one;
#   - every breach was printed by exactly one check run (the jsonl lines
#     of all runs, counted and de-duplicated, equal the breached events);
#   - every event recorded by a run with --exec was delivered exactly
#     once: the hook appends "EVENT ID" to a log, and the log has one line
#     per such event, none twice, and every one is marked delivered;
#   - PRAGMA integrity_check is ok.
#
# usage: tests/soak.sh PATH/TO/cases [SECONDS]
# Prints its figures and "soak: 1 passed, 0 failed" (or "0 passed,
# 1 failed"); exits non-zero on any failure.
set -u
CASES=$(realpath "$1")
secs=${2:-60}
case "$secs" in
'' | *[!0-9]*)
	echo "soak: SECONDS must be a whole number, not '$secs'" >&2
	exit 2
	;;
esac
export TZ=UTC LC_ALL=C.UTF-8 TZDIR=${TZDIR:-/usr/share/zoneinfo}
unset CASES_NOW XDG_DATA_HOME
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CASES_DB=$work/cases.db

problems=0
problem() {
	echo "soak: FAIL: $*"
	problems=$((problems + 1))
}

"$CASES" plans >/dev/null || { echo "soak: cannot create the database"; exit 1; }
"$CASES" account add acme --plan business --tz Europe/London >/dev/null &&
	"$CASES" account add initech --plan developer >/dev/null ||
	{ echo "soak: cannot add accounts"; exit 1; }

end=$(($(date +%s) + secs))

# writer N: loop until the end; log every command's failure to
# $work/fail.N and the final status of each case it opened to $work/state.N.
writer() {
	local n=$1 cmds=0 id i out
	local -a ids=() st=() sv=() answered=()
	local sevs=(general system-impaired prod-impaired prod-down)
	while [ "$(date +%s)" -lt "$end" ]; do
		# Open a case some time in the last two hours, so that some are
		# already late and others fall due during the run.
		local now ago sev
		now=$(date +%s)
		ago=$((RANDOM % 7200))
		sev=$((RANDOM % 4))
		if [ $((RANDOM % 4)) = 0 ]; then
			out=$("$CASES" open --account acme --severity "${sevs[sev]}" \
				--subject "w$n case $cmds 'quoted' %s" \
				--at "@$((now - ago))" 2>&1)
		else
			out=$("$CASES" open --plan business \
				--severity "${sevs[sev]}" --subject "w$n case $cmds" \
				--at "@$((now - ago))" 2>&1)
		fi
		cmds=$((cmds + 1))
		if [[ $out =~ ^[0-9a-f-]{36}$ ]]; then
			ids+=("$out")
			st+=(open)
			sv+=("$sev")
			answered+=(0)
		else
			echo "open: $out" >>"$work/fail.$n"
		fi
		# Then act on one of this writer's cases, as its state allows.
		[ "${#ids[@]}" -gt 0 ] || continue
		i=$((RANDOM % ${#ids[@]}))
		id=${ids[i]}
		case "${st[i]}:$((RANDOM % 4))" in
		resolved:*)
			if out=$("$CASES" reopen "$id" 2>&1 >/dev/null); then
				if [ "${answered[i]}" = 1 ]; then
					st[i]=responded
				else
					st[i]=open
				fi
			else
				echo "reopen $id: $out" >>"$work/fail.$n"
			fi
			;;
		*:0)
			if out=$("$CASES" respond "$id" 2>&1 >/dev/null); then
				st[i]=responded
				answered[i]=1
			else
				echo "respond $id: $out" >>"$work/fail.$n"
			fi
			;;
		*:1 | *:2)
			# Any other severity, up or down.
			sev=$(((sv[i] + 1 + RANDOM % 3) % 4))
			if out=$("$CASES" escalate "$id" --severity "${sevs[sev]}" \
				2>&1 >/dev/null); then
				sv[i]=$sev
			else
				echo "escalate $id: $out" >>"$work/fail.$n"
			fi
			;;
		*:3)
			if out=$("$CASES" resolve "$id" 2>&1 >/dev/null); then
				st[i]=resolved
			else
				echo "resolve $id: $out" >>"$work/fail.$n"
			fi
			;;
		esac
		cmds=$((cmds + 1))
	done
	for i in "${!ids[@]}"; do
		echo "${ids[i]},${st[i]}"
	done >"$work/state.$n"
	echo "$cmds" >"$work/cmds.$n"
}

# The cron job, as often as it can, printing jsonl; with N, one of the
# overlapping runs with --warn 80 --exec HOOK (output and failures of its
# own, so that lines of two runs cannot interleave).
checker() {
	local runs=0 n=${1:-} opts=()
	[ -n "$n" ] && opts=(--warn 80 --exec "$work/hook")
	while [ "$(date +%s)" -lt "$end" ]; do
		"$CASES" check --format jsonl "${opts[@]}" \
			>>"$work/check.out$n" 2>>"$work/fail.check$n" ||
			echo "check $n failed" >>"$work/fail.check$n"
		runs=$((runs + 1))
	done
	echo "$runs" >"$work/cmds.check$n"
}

# The hook: one line per delivery (small appends: whole lines).
printf '#!/bin/sh\necho "$CASES_EVENT $CASES_ID" >>"%s"\n' \
	"$work/delivered" >"$work/hook"
chmod +x "$work/hook"
: >"$work/delivered"

for n in 1 2 3 4; do
	writer $n &
	checker "$n" &
done
checker &
wait

# The last check, at an instant we know; it delivers what is left.
last=$(($(date +%s) + 1))
"$CASES" check --format jsonl --at "@$last" --exec "$work/hook" \
	>>"$work/check.out" 2>>"$work/fail.check" ||
	echo "last check failed" >>"$work/fail.check"

q() {
	sqlite3 -readonly "$CASES_DB" "$1"
}

commands=$(cat "$work"/cmds.* | awk '{ s += $1 } END { print s + 1 }')
failures=$(cat "$work"/fail.* 2>/dev/null | grep -c .)
if [ "$failures" != 0 ]; then
	problem "$failures failed commands:"
	cat "$work"/fail.* | head -n 10 | sed 's/^/    /'
fi

# Every case accounted for, with the status its writer gave it.
cat "$work"/state.* | sort >"$work/expected"
"$CASES" list --status all --format csv | tail -n +2 |
	awk -F, '{ print $1 "," $8 }' | sort >"$work/actual"
ncases=$(grep -c . "$work/expected")
if ! cmp -s "$work/expected" "$work/actual"; then
	problem "cases differ from what the writers did:"
	diff "$work/expected" "$work/actual" | head -n 10 | sed 's/^/    /'
fi
[ "$(q 'SELECT count(*) FROM cases')" = "$ncases" ] ||
	problem "$(q 'SELECT count(*) FROM cases') cases in the database, $ncases opened"
[ "$(q "SELECT count(*) FROM cases c WHERE (SELECT count(*) FROM event e
	WHERE e.case_id = c.id AND e.kind = 'opened') <> 1")" = 0 ] ||
	problem "cases without exactly one opened event"

# Breaches: at most one per case, agreeing with breached_at, one for every
# case unanswered and overdue at the last check, each printed once.
twice=$(q "SELECT count(*) FROM (SELECT case_id FROM event WHERE kind =
	'breached' GROUP BY case_id HAVING count(*) > 1)")
[ "$twice" = 0 ] || problem "$twice cases breached more than once"
[ "$(q "SELECT count(*) FROM cases c WHERE (c.breached_at IS NOT NULL) <>
	EXISTS (SELECT 1 FROM event e WHERE e.case_id = c.id AND
	e.kind = 'breached')")" = 0 ] ||
	problem "breached_at disagrees with the events"
overdue=$(q "SELECT count(*) FROM cases WHERE first_response_at IS NULL AND
	resolved_at IS NULL AND due_at < $last")
missed=$(q "SELECT count(*) FROM cases c WHERE first_response_at IS NULL AND
	resolved_at IS NULL AND due_at < $last AND (SELECT count(*) FROM event e
	WHERE e.case_id = c.id AND e.kind = 'breached') <> 1")
[ "$missed" = 0 ] ||
	problem "$missed of $overdue overdue unanswered cases lack their breach"
breaches=$(q "SELECT count(*) FROM event WHERE kind = 'breached'")
cat "$work"/check.out* >"$work/printed"
printed=$(grep -c '"event":"breached"' "$work/printed")
distinct=$(grep '"event":"breached"' "$work/printed" |
	grep -o '"id":"[^"]*"' | sort -u | grep -c .)
[ "$printed" = "$breaches" ] && [ "$distinct" = "$breaches" ] ||
	problem "$breaches breaches recorded, $printed printed ($distinct distinct)"
[ "$breaches" -gt 0 ] || problem "no breach happened: the soak tested nothing"
during=$(q "SELECT count(*) FROM event WHERE kind = 'breached' AND at < $last")

# Hooks: every event recorded with --exec delivered exactly once.
hooked=$(q 'SELECT count(*) FROM event WHERE hook IS NOT NULL')
undelivered=$(q 'SELECT count(*) FROM event WHERE hook = 0')
calls=$(grep -c . "$work/delivered")
q "SELECT e.kind || ' ' || lower(substr(hex(c.uuid), 1, 8) || '-' ||
	substr(hex(c.uuid), 9, 4) || '-' || substr(hex(c.uuid), 13, 4) || '-' ||
	substr(hex(c.uuid), 17, 4) || '-' || substr(hex(c.uuid), 21))
	FROM event e JOIN cases c ON c.id = e.case_id
	WHERE e.hook IS NOT NULL" | sort >"$work/hooked"
sort "$work/delivered" >"$work/delivered.sorted"
twice=$(uniq -d "$work/delivered.sorted" | grep -c .)
[ "$twice" = 0 ] || {
	problem "$twice events delivered more than once:"
	uniq -d "$work/delivered.sorted" | head -n 5 | sed 's/^/    /'
}
[ "$undelivered" = 0 ] || problem "$undelivered events never delivered"
if ! cmp -s "$work/hooked" <(uniq "$work/delivered.sorted"); then
	problem "hook calls differ from the events recorded with --exec:"
	diff "$work/hooked" <(uniq "$work/delivered.sorted") | head -n 10 |
		sed 's/^/    /'
fi
[ "$hooked" -gt 0 ] || problem "no event was recorded with --exec"
integrity=$(q 'PRAGMA integrity_check')
[ "$integrity" = ok ] || problem "integrity_check: $integrity"

echo "soak: ${secs}s, $commands commands ($(cat "$work"/cmds.check* | awk '{ s += $1 } END { print s }') check runs, 4 of 5 loops with --exec), $failures failed;" \
	"$ncases cases; $breaches breaches ($during recorded during the run)," \
	"$overdue overdue unanswered at the end, none missing, none doubled;" \
	"$hooked events recorded with --exec, $calls hook calls"
if [ "$problems" = 0 ]; then
	echo "soak: 1 passed, 0 failed"
else
	echo "soak: 0 passed, 1 failed"
	exit 1
fi
