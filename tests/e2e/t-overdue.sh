# t-overdue.sh - overdue and due reports: boundaries and ordering
# (docs/deadlines.md 4, 6).

test_overdue_exact_boundary() {
	local id
	run open --plan business --severity prod-down --subject edge --at 2026-11-26T09:00:00Z
	id=$out
	# Due 10:00:00. At due_at: not overdue. One second later: overdue.
	run overdue --at 2026-11-26T10:00:00Z --format csv
	expect_rc 0
	expect_eq "$(printf '%s\n' "$out" | tail -n +2 | grep -c .)" 0 "overdue rows at due_at"
	run overdue --at 2026-11-26T10:00:01Z --format jsonl
	expect_rc 0
	expect_out_has "\"id\":\"$id\""
	expect_out_has '"overdue_by_s":1'
	run overdue --at @1795687201 --format jsonl
	expect_out_has '"overdue_by_s":1'
}

test_overdue_most_overdue_first() {
	local a b c
	run open --plan enterprise --severity business-critical --subject A --at 2026-11-26T09:00:00Z
	a=$out # due 09:15
	run open --plan enterprise --severity prod-down --subject B --at 2026-11-26T08:00:00Z
	b=$out # due 09:00
	run open --plan enterprise --severity prod-impaired --subject C --at 2026-11-26T06:00:00Z
	c=$out # due 10:00
	run overdue --at 2026-11-26T12:00:00Z --format csv
	expect_rc 0
	ids=$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f1 | tr -d '\r' | tr '\n' ' ')
	expect_eq "$ids" "$b $a $c " "order"
	run overdue --at 2026-11-26T09:10:00Z --format csv
	ids=$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f1 | tr -d '\r' | tr '\n' ' ')
	expect_eq "$ids" "$b " "only B at 09:10"
}

test_overdue_excludes_answered_and_resolved() {
	local a b c
	run open --plan business --severity prod-down --subject A --at 2026-11-26T09:00:00Z
	a=$out
	run open --plan business --severity prod-down --subject B --at 2026-11-26T09:00:00Z
	b=$out
	run open --plan business --severity prod-down --subject C --at 2026-11-26T09:00:00Z
	c=$out
	run respond "$a" --at 2026-11-26T09:30:00Z
	expect_rc 0
	run resolve "$b" --at 2026-11-26T09:45:00Z
	expect_rc 0
	run overdue --at 2026-11-26T11:00:00Z --format csv
	expect_out_lacks "$a"
	expect_out_lacks "$b"
	expect_out_has "$c"
	# Reopened without a response: unanswered again, overdue again.
	run reopen "$b" --at 2026-11-26T12:00:00Z
	expect_rc 0
	run overdue --at 2026-11-26T12:00:00Z --format csv
	expect_out_has "$b"
}

test_overdue_filters() {
	run account add acme --plan enterprise
	run open --account acme --severity prod-down --subject A --at 2026-11-26T09:00:00Z
	run open --plan business --severity prod-down --subject B --at 2026-11-26T09:00:00Z
	run open --plan business --severity general --subject C --at 2026-11-20T09:00:00Z
	run overdue --at 2026-11-30T00:00:00Z --plan business --format csv
	expect_out_has ",B"
	expect_out_has ",C"
	expect_out_lacks ",A"
	run overdue --at 2026-11-30T00:00:00Z --account acme --format csv
	expect_out_has ",A"
	expect_out_lacks ",B"
	run overdue --at 2026-11-30T00:00:00Z --severity general --format csv
	expect_out_has ",C"
	expect_out_lacks ",B"
	run overdue --at 2026-11-30T00:00:00Z --plan nope
	expect_rc 3
	run overdue --at 2026-11-30T00:00:00Z --severity nope
	expect_rc 2
}

test_due_within_window() {
	local a b
	run open --plan business --severity prod-down --subject A --at 2026-11-26T09:00:00Z
	a=$out # due 10:00
	run open --plan business --severity prod-impaired --subject B --at 2026-11-26T09:00:00Z
	b=$out # due 13:00
	# T <= due_at <= T + W, soonest first.
	run due --within 1h --at 2026-11-26T09:00:00Z --format jsonl
	expect_rc 0
	expect_out_has "\"id\":\"$a\""
	expect_out_has '"remaining_s":3600'
	expect_out_lacks "$b"
	run due --within 4h --at 2026-11-26T09:00:00Z --format csv
	ids=$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f1 | tr -d '\r' | tr '\n' ' ')
	expect_eq "$ids" "$a $b " "order"
	run due --within 59m59s --at 2026-11-26T09:00:00Z --format csv
	expect_out_lacks "$a"
	run due --within 1h --at 2026-11-26T10:00:00Z --format csv
	expect_out_has "$a"
	run due --within 1h --at 2026-11-26T10:00:01Z --format csv
	expect_out_lacks "$a"
	# Without --within: the next hour.
	run due --at 2026-11-26T09:00:00Z --format csv
	expect_rc 0
	expect_out_has "$a"
	expect_out_lacks "$b"
	run due --at 2026-11-26T10:00:01Z --format csv
	expect_out_lacks "$a"
	run due --within 0s
	expect_rc 2
	run due --within soon
	expect_rc 2
	expect_err_has "invalid duration 'soon'"
}

test_future_case_not_overdue() {
	# Opened (by the clock) on 2030-01-01; read as of earlier and later.
	export CASES_NOW=2030-01-01T00:00:00Z
	run open --plan business --severity prod-down --subject future --at 2030-01-01T00:00:00Z
	run overdue --at 2029-12-31T00:00:00Z --format csv
	expect_out_lacks future
	run overdue --at 2030-01-01T01:00:01Z --format csv
	expect_out_has future
}
