# t-limits.sh - the edges of what cases records: the last instant it can
# write and read back (9999-12-31T23:59:59Z), a NUL inside a JSON line.

test_year_9999_deadlines_stop_at_the_limit() {
	# Now is the end of time, so that no change below is in the future.
	export CASES_NOW=9999-12-31T23:59:59Z
	# 24x7: a deadline at the last second is kept; one second later is
	# refused with the limit named, and nothing is written.
	run open --plan business --severity prod-down --subject last-second \
		--at 9999-12-31T22:59:59Z --format json
	expect_rc 0
	expect_out_has '"due_at":"9999-12-31T23:59:59Z"'
	run open --plan business --severity prod-down --subject "late in 9999" \
		--at 9999-12-31T22:00:00Z
	expect_rc 0
	local id=$out
	local before
	before=$(db_sum)
	local at
	for at in 9999-12-31T23:00:00Z 9999-12-31T23:30:00Z 9999-12-31T23:59:59Z; do
		run open --plan business --severity prod-down --subject "too late" --at "$at"
		expect_rc 2
		expect_err_line
		expect_err_has "9999-12-31T23:59:59Z"
	done
	# Business hours (developer: 24 h of mon-fri 08:00-18:00 UTC).
	run open --plan developer --severity general --subject "too late" \
		--at 9999-12-30T09:00:00Z
	expect_rc 2
	expect_err_line
	expect_err_has "9999-12-31T23:59:59Z"
	# Escalating to a longer target past the limit: refused, unchanged.
	run escalate "$id" --severity general --at 9999-12-31T22:10:00Z
	expect_rc 2
	expect_err_line
	expect_err_has "9999-12-31T23:59:59Z"
	expect_eq "$(db_sum)" "$before" "database after the refusals"
	# What was stored goes out and comes back in, byte for byte.
	run export
	expect_rc 0
	printf '%s\n' "$out" >a.jsonl
	grep -q '10000-' a.jsonl && fail "export wrote year 10000"
	run --db b.db import a.jsonl
	expect_rc 0
	run --db b.db export
	printf '%s\n' "$out" >b.jsonl
	cmp -s a.jsonl b.jsonl || fail "export -> import -> export differs"
	# An import row without due_at whose deadline would pass the limit.
	printf '{"plan":"business","severity":"general","subject":"x","opened_at":"9999-12-31T00:00:01Z"}\n' >late.jsonl
	run --db b.db import late.jsonl
	expect_rc 2
	expect_err_has "line 1"
	expect_err_has "9999-12-31T23:59:59Z"
}

test_import_nul_byte_in_a_json_line() {
	# A NUL byte inside a line used to end the record silently:
	# '{valid}\0{"oops":1}' imported with exit 0.
	printf '{"plan":"business","severity":"general","subject":"first","opened_at":"2026-11-26T09:00:00Z"}\n' >in.jsonl
	printf '{"plan":"business","severity":"general","subject":"ok","opened_at":"2026-11-26T09:00:00Z"}\0{"oops":1}\n' >>in.jsonl
	run import in.jsonl
	expect_rc 2
	expect_err_line
	expect_err_has "line 2"
	expect_err_has "NUL"
	expect_eq "$(count_cases)" 0 "cases"
	# Inside a string, and from stdin.
	printf '{"plan":"business","severity":"general","subject":"a\0b","opened_at":"2026-11-26T09:00:00Z"}\n' >in2.jsonl
	_last="import - < in2.jsonl"
	out=$("$CASES" import - <in2.jsonl 2>"$_tmp/stderr")
	rc=$?
	err=$(cat "$_tmp/stderr")
	expect_rc 2
	expect_err_has "line 1"
	expect_eq "$(count_cases)" 0 "cases"
}
