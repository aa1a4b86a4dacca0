# t-notes.sh - notes: at any state, never a response; --note on resolve
# and escalate; a bad note changes nothing.

test_note_is_never_a_response() {
	export CASES_AGENT=ana
	local id
	run open --plan business --severity prod-down --subject "disk full" \
		--at 2026-11-26T09:00:00Z
	id=$out # due 10:00
	run note "$id" "customer sent logs" --at 2026-11-26T09:05:00Z
	expect_rc 0
	expect_no_err
	# Still unanswered: overdue after its deadline, no first response.
	run overdue --at 2026-11-26T10:00:01Z --format csv
	expect_out_has "$id"
	run show "$id" --format json
	expect_out_has '"first_response_at":null'
	expect_out_has '{"at":"2026-11-26T09:05:00Z","event":"note","detail":"customer sent logs","by":"ana"}'
	run report --since 2026-11-26T00:00:00Z --until 2026-11-27T00:00:00Z --format json
	expect_out_has '"responded":0'
}

test_note_at_any_state() {
	local id
	run open --plan business --severity prod-impaired --subject x \
		--at 2026-11-26T09:00:00Z
	id=$out
	run respond "$id" --at 2026-11-26T09:30:00Z
	expect_rc 0
	run note "$id" "responded; waiting" --at 2026-11-26T09:31:00Z
	expect_rc 0
	run resolve "$id" --at 2026-11-26T10:00:00Z
	expect_rc 0
	# A note on a resolved case is taken; it reopens nothing.
	run note "$id" "post-mortem filed" --at 2026-11-27T10:00:00Z
	expect_rc 0
	expect_no_err
	run show "$id"
	expect_rc 0
	expect_out_has "post-mortem filed"
	expect_out_has "responded; waiting"
	expect_out_match "status: +resolved"
	# Before the case was opened: refused.
	run note "$id" "too early" --at 2026-11-26T08:00:00Z
	expect_rc 2
	expect_err_line
	expect_err_has "note time"
}

test_resolve_and_escalate_take_a_note() {
	export CASES_AGENT=ana
	local id
	run open --plan business --severity prod-impaired --subject x \
		--at 2026-11-26T09:00:00Z
	id=$out
	run escalate "$id" --severity prod-down --note "whole site down now" \
		--at 2026-11-26T09:10:00Z
	expect_rc 0
	run show "$id" --format json
	expect_out_has '"severity":"prod-down"'
	expect_out_has '{"at":"2026-11-26T09:10:00Z","event":"note","detail":"whole site down now","by":"ana"}'
	run resolve "$id" --note "fixed by the 09:40 deploy" --at 2026-11-26T09:45:00Z
	expect_rc 0
	run show "$id" --format json
	expect_out_has '"status":"resolved"'
	expect_out_has '{"at":"2026-11-26T09:45:00Z","event":"note","detail":"fixed by the 09:40 deploy","by":"ana"}'
}

test_a_bad_note_changes_nothing() {
	local id before
	run open --plan business --severity prod-impaired --subject x \
		--at 2026-11-26T09:00:00Z
	id=$out
	before=$(db_sum)
	run note "$id" ""
	expect_rc 2
	expect_err_line
	expect_err_has "empty note"
	run resolve "$id" --note ""
	expect_rc 2
	expect_err_has "empty note"
	run escalate "$id" --severity prod-down --note ""
	expect_rc 2
	expect_err_has "empty note"
	run note "$id"
	expect_rc 2
	expect_err_has "missing case ID and TEXT"
	run note 99999999 "x"
	expect_rc 3
	expect_eq "$(db_sum)" "$before" "database"
}
