# t-asof.sh - reading the past (docs/deadlines.md "Reading the past"): a
# read at --at T shows the world as it was at T. A recorded session saves
# what each read printed at each step; read back later with --at, each
# step's output must come back byte for byte.

# What the reads print, into folder $1 (case numbers 1..$2 shown and
# explained); the rest of the arguments go to every command (--at T).
asof_snapshot() {
	local dir=$1 ncases=$2 n
	shift 2
	mkdir -p "$dir"
	for cmd in overdue due list queue report; do
		"$CASES" "$cmd" --format json "$@" >"$dir/$cmd.json" 2>&1
		echo "rc $?" >>"$dir/$cmd.json"
		"$CASES" "$cmd" "$@" >"$dir/$cmd.txt" 2>&1
		echo "rc $?" >>"$dir/$cmd.txt"
	done
	"$CASES" list --status all --format json "$@" >"$dir/list-all.json" 2>&1
	"$CASES" list --status resolved --format csv "$@" >"$dir/list-resolved.csv" 2>&1
	"$CASES" list --severity prod-down --format csv "$@" >"$dir/list-prod-down.csv" 2>&1
	"$CASES" due --within 8h --format json "$@" >"$dir/due-8h.json" 2>&1
	"$CASES" list --plan business --status all --format csv "$@" >"$dir/list-business.csv" 2>&1
	"$CASES" overdue --plan enterprise --format csv "$@" >"$dir/overdue-enterprise.csv" 2>&1
	"$CASES" report --by severity --format json "$@" >"$dir/report-sev.json" 2>&1
	"$CASES" list --assignee ana --status all --format csv "$@" >"$dir/list-ana.csv" 2>&1
	"$CASES" queue --assignee bo --format json "$@" >"$dir/queue-bo.json" 2>&1
	for n in $(seq 1 "$ncases"); do
		"$CASES" show "$n" "$@" >"$dir/show-$n.txt" 2>&1
		"$CASES" show "$n" --format json "$@" >"$dir/show-$n.json" 2>&1
		"$CASES" explain "$n" "$@" >"$dir/explain-$n.txt" 2>&1
		"$CASES" explain "$n" --format json "$@" >"$dir/explain-$n.json" 2>&1
	done
}

# A write at CASES_NOW, which must succeed.
asof_do() {
	run "$@"
	[ "$rc" = 0 ] || fail "cases $* at $CASES_NOW: rc $rc: $err"
}

test_asof_reads_back_a_recorded_session() {
	local steps=() counts=() i t d
	# Each step: the time, the writes, then what every read prints.
	export CASES_NOW=2026-11-23T09:00:00Z
	asof_do open --plan business --severity prod-down --subject "A down"
	asof_do open --plan business --severity general --subject "B question"
	steps+=("$CASES_NOW") counts+=(2)
	asof_snapshot step0 2

	export CASES_NOW=2026-11-23T09:30:00Z
	asof_do escalate 2 --severity system-impaired
	asof_do note 1 "looking"
	asof_do assign 1 ana
	asof_do edit 2 --external-id T-2
	steps+=("$CASES_NOW") counts+=(2)
	asof_snapshot step1 2

	export CASES_NOW=2026-11-23T10:05:00Z
	asof_do check
	asof_do open --plan business --severity prod-impaired --subject "C slow"
	steps+=("$CASES_NOW") counts+=(3)
	asof_snapshot step2 3

	export CASES_NOW=2026-11-23T10:20:00Z
	asof_do respond 2
	asof_do escalate 3 --severity prod-down
	asof_do assign 1 bo
	asof_do assign 3 ana
	asof_do edit 2 --subject "B question (login)" --external-id T-22
	asof_do open --plan enterprise --severity prod-down --subject "E other plan"
	steps+=("$CASES_NOW") counts+=(4)
	asof_snapshot step3 4

	export CASES_NOW=2026-11-23T11:00:00Z
	asof_do resolve 2
	asof_do respond 1 --note "restarted"
	asof_do check
	steps+=("$CASES_NOW") counts+=(4)
	asof_snapshot step4 4

	export CASES_NOW=2026-11-23T13:30:00Z
	asof_do reopen 2
	asof_do escalate 2 --severity general
	asof_do resolve 1
	asof_do note 3 "waiting for logs"
	asof_do assign 1 --unassign
	asof_do edit 3 --subject "C slow (EU)"
	asof_do check
	steps+=("$CASES_NOW") counts+=(4)
	asof_snapshot step5 4

	export CASES_NOW=2026-11-24T09:00:00Z
	asof_do open --plan business --severity general --subject "D later"
	asof_do resolve 3
	asof_do check
	# The present reads as it did (today's path)...
	asof_snapshot now 5
	# ... and each earlier step reads back as it was printed then.
	for i in "${!steps[@]}"; do
		asof_snapshot "back$i" "${counts[$i]}" --at "${steps[$i]}"
		d=$(diff -r "step$i" "back$i")
		[ -z "$d" ] || fail "at ${steps[$i]}: $(printf '%s' "$d" | head -c 1500)"
	done
	# The session had something to show: an overdue case, a breach
	# recorded, a response, a resolution.
	grep -q '"A down"' step2/overdue.json || fail "no overdue case at step 2"
	grep -q '"breached_at":"2026-11-23T10:05:00Z"' step2/list.json ||
		fail "no recorded breach at step 2"
	grep -q 'reopened' step5/show-2.txt || fail "no reopening at step 5"
	grep -q 'A down' step1/list-ana.csv || fail "no assignee at step 1"
	grep -q 'A down' step3/queue-bo.json || fail "no reassignment at step 3"
	grep -q 'B question"' step2/list.json || fail "no old subject at step 2"
	grep -q 'E other plan' step5/overdue-enterprise.csv ||
		fail "no overdue enterprise case at step 5"
	grep -q 'E other plan' step5/list-business.csv &&
		fail "--plan business lists an enterprise case"
	unset CASES_NOW
}

test_asof_list_before_the_opening() {
	export CASES_NOW=2026-11-23T12:00:00Z
	asof_do open --plan business --severity general --subject early --at 2026-11-23T09:00:00Z
	asof_do open --plan business --severity general --subject late --at 2026-11-23T11:00:00Z
	run list --at 2026-11-23T10:00:00Z --format csv
	expect_rc 0
	expect_out_has early
	expect_out_lacks late
	run list --status all --at 2026-11-23T08:00:00Z --format csv
	expect_rc 0
	expect_eq "$(printf '%s\n' "$out" | tail -n +2 | grep -c .)" 0 "cases before any opening"
	# One case, not there yet: not found, saying why.
	run show 2 --at 2026-11-23T10:00:00Z
	expect_rc 3
	expect_err_line
	expect_err_has "opened after"
	unset CASES_NOW
}

# A response, resolution and escalation after T have not happened at T.
test_asof_facts_after_t_undone() {
	export CASES_NOW=2026-11-23T12:00:00Z
	asof_do open --plan business --severity general --subject x --at 2026-11-23T09:00:00Z
	asof_do escalate 1 --severity prod-down --at 2026-11-23T09:10:00Z
	asof_do respond 1 --at 2026-11-23T10:30:00Z
	asof_do resolve 1 --at 2026-11-23T11:00:00Z
	# Today: resolved, answered late.
	run overdue --format csv
	expect_eq "$(printf '%s\n' "$out" | tail -n +2 | grep -c .)" 0 "overdue now"
	# At 10:15: unanswered, due 10:00 from the escalation: overdue.
	run overdue --at 2026-11-23T10:15:00Z --format jsonl
	expect_rc 0
	expect_out_has '"overdue_by_s":900'
	expect_out_has '"severity":"prod-down"'
	expect_out_has '"status":"open"'
	# At 09:05: general, its own deadline; not overdue.
	run list --at 2026-11-23T09:05:00Z --format jsonl
	expect_out_has '"severity":"general"'
	expect_out_lacks '"first_response_at":"2026'
	run overdue --at 2026-11-23T09:05:00Z --format csv
	expect_eq "$(printf '%s\n' "$out" | tail -n +2 | grep -c .)" 0 "overdue at 09:05"
	# show at 10:45: answered, not resolved; the history up to then.
	run show 1 --at 2026-11-23T10:45:00Z
	expect_rc 0
	expect_out_has "responded"
	expect_out_lacks "resolved:     2026"
	expect_out_match 'status: +responded'
	# report at 10:15: one case, breached (overdue), none met.
	run report --at 2026-11-23T10:15:00Z --format jsonl
	expect_out_has '"opened":1'
	expect_out_has '"responded":0'
	expect_out_has '"breached":1'
	unset CASES_NOW
}
