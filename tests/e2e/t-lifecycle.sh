# t-lifecycle.sh - respond, escalate, resolve, reopen (docs/domain.md 9,
# docs/deadlines.md).

T0=2026-11-26T09:00:00Z

test_respond_first_then_note() {
	local id
	run open --plan business --severity prod-down --subject x --at $T0
	id=$out
	run respond "$id" --at 2026-11-26T09:20:00Z --format json
	expect_rc 0
	expect_out_has '"status":"responded"'
	expect_out_has '"first_response_at":"2026-11-26T09:20:00Z"'
	run respond "$id" --at 2026-11-26T09:50:00Z --format json
	expect_rc 0
	expect_out_has '"first_response_at":"2026-11-26T09:20:00Z"'
	run show "$id" --format json
	python3 -c '
import json, sys
c = json.loads(sys.argv[1])
kinds = [e["event"] for e in c["events"]]
assert kinds == ["opened", "responded", "note"], kinds
assert c["events"][2]["at"] == "2026-11-26T09:50:00Z"
' "$out" || fail "events"
}

test_response_before_open_rejected() {
	local id
	run open --plan business --severity prod-down --subject x --at $T0
	id=$out
	run respond "$id" --at 2026-11-26T08:59:59Z
	expect_rc 2
	expect_err_line
	expect_err_has "before the case was opened"
	run show "$id" --format json
	expect_out_has '"first_response_at":null'
}

test_escalate_recomputes_from_opened() {
	local id
	run open --plan enterprise --severity general --subject x --at $T0
	id=$out
	run escalate "$id" --severity prod-down --at 2026-11-26T09:30:00Z --format json
	expect_rc 0
	expect_out_has '"severity":"prod-down"'
	expect_out_has '"due_at":"2026-11-26T10:00:00Z"'
	# Already past when escalated: overdue at once.
	run escalate "$id" --severity business-critical --at 2026-11-26T09:30:00Z --format json
	expect_out_has '"due_at":"2026-11-26T09:15:00Z"'
	run overdue --at 2026-11-26T09:30:00Z --format csv
	expect_out_has "$id"
	# Down again.
	run escalate "$id" --severity system-impaired --at 2026-11-26T09:31:00Z --format json
	expect_out_has '"due_at":"2026-11-26T21:00:00Z"'
	run escalate "$id" --severity system-impaired --at 2026-11-26T09:32:00Z
	expect_rc 2
	expect_err_has "already has severity"
}

test_escalate_must_be_allowed_by_case_plan() {
	local id
	run open --plan business --severity general --subject x --at $T0
	id=$out
	run escalate "$id" --severity business-critical --at $T0
	expect_rc 2
	expect_err_line
	expect_err_has "plan 'business' does not allow severity 'business-critical'"
	run show "$id" --format json
	expect_out_has '"severity":"general"'
}

test_escalate_after_response_keeps_deadline() {
	local id
	run open --plan business --severity general --subject x --at $T0
	id=$out
	run respond "$id" --at 2026-11-26T10:00:00Z
	run escalate "$id" --severity prod-down --at 2026-11-26T11:00:00Z --format json
	expect_rc 0
	expect_out_has '"severity":"prod-down"'
	expect_out_has '"due_at":"2026-11-27T09:00:00Z"'
}

test_resolve_and_reopen() {
	local id
	run open --plan business --severity prod-down --subject x --at $T0
	id=$out
	run resolve "$id" --at 2026-11-26T09:30:00Z --format json
	expect_rc 0
	expect_out_has '"status":"resolved"'
	run resolve "$id"
	expect_rc 2
	expect_err_has "already resolved"
	run respond "$id"
	expect_rc 2
	expect_err_has "reopen it"
	run reopen "$id" --at 2026-11-26T09:20:00Z
	expect_rc 2
	expect_err_has "before the case was resolved"
	run reopen "$id" --at 2026-11-26T09:40:00Z --format json
	expect_rc 0
	expect_out_has '"status":"open"'
	run respond "$id" --at 2026-11-26T09:45:00Z
	run resolve "$id" --at 2026-11-26T09:50:00Z
	run reopen "$id" --at 2026-11-26T09:55:00Z --format json
	expect_out_has '"status":"responded"'
	run reopen "$id"
	expect_rc 2
	expect_err_has "not resolved"
}

test_list_status_filters() {
	local a b c
	run open --plan business --severity general --subject A --at $T0
	a=$out
	run open --plan business --severity general --subject B --at 2026-11-26T09:01:00Z
	b=$out
	run open --plan business --severity general --subject C --at 2026-11-26T09:02:00Z
	c=$out
	run respond "$b" --at 2026-11-26T10:00:00Z
	run resolve "$c" --at 2026-11-26T10:00:00Z
	run list --format csv
	ids=$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f1 | tr -d '\r' | tr '\n' ' ')
	expect_eq "$ids" "$b $a " "default list, newest first"
	run list --status all --format csv
	ids=$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f1 | tr -d '\r' | tr '\n' ' ')
	expect_eq "$ids" "$c $b $a " "all"
	run list --status open --format csv
	expect_eq "$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f1 | tr -d '\r')" "$a" "open"
	run list --status resolved --format csv
	expect_eq "$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f1 | tr -d '\r')" "$c" "resolved"
	run list --status responded --format csv
	expect_eq "$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f1 | tr -d '\r')" "$b" "responded"
	run list --status all --limit 1 --format csv
	expect_eq "$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f1 | tr -d '\r')" "$c" "limit"
}

# docs/deadlines.md 4.1: a response at due_at meets the target; one second
# later breaches.
test_response_at_deadline_meets_one_second_later_breaches() {
	local a b
	run open --plan business --severity prod-down --subject A --at $T0
	a=$out
	run open --plan business --severity prod-down --subject B --at $T0
	b=$out
	run respond "$a" --at 2026-11-26T10:00:00Z
	run respond "$b" --at 2026-11-26T10:00:01Z
	run show "$a" --at 2026-11-27T00:00:00Z
	expect_out_has "due:         2026-11-26 10:00:00 (met)"
	run show "$b" --at 2026-11-27T00:00:00Z
	expect_out_has "due:         2026-11-26 10:00:00 (breached)"
	expect_out_has "breach:      the deadline passed 2026-11-26 10:00:00"
	run list --status all --at 2026-11-27T00:00:00Z
	expect_eq "$(printf '%s\n' "$out" | grep -c ' met ')" 1 "met"
	expect_eq "$(printf '%s\n' "$out" | grep -c ' breached ')" 1 "breached"
}
