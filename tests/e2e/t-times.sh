# t-times.sh - times as people type them (formats.md 4): every form a TIME
# option takes, read in $TZ and counted from now ($CASES_NOW here).

# Opens a case at $1; its opened_at as stored (UTC) goes to $got.
open_at() {
	run open --plan business --severity prod-down --subject "at $1" \
		--at "$1" --format json
	expect_rc 0
	expect_no_err
	got=$(printf '%s' "$out" | sed -n 's/.*"opened_at":"\([^"]*\)".*/\1/p')
}

test_time_forms_in_new_york() {
	# 2026-11-23T14:30:00Z is 09:30 in New York (EST, -05:00).
	export TZ=America/New_York CASES_NOW=2026-11-23T14:30:00Z
	local form want got
	while IFS='|' read -r form want; do
		open_at "$form"
		expect_eq "$got" "$want"
	done <<'FORMS'
now|2026-11-23T14:30:00Z
today|2026-11-23T05:00:00Z
yesterday|2026-11-22T05:00:00Z
-2h|2026-11-23T12:30:00Z
2h ago|2026-11-23T12:30:00Z
2 hours ago|2026-11-23T12:30:00Z
90 minutes ago|2026-11-23T13:00:00Z
08:15|2026-11-23T13:15:00Z
2026-11-20|2026-11-20T05:00:00Z
2026-11-23T09:00|2026-11-23T14:00:00Z
2026-11-23T09:00:00|2026-11-23T14:00:00Z
2026-11-23T13:00Z|2026-11-23T13:00:00Z
2026-11-23 09:00 Asia/Kolkata|2026-11-23T03:30:00Z
2026-11-23T09:00:00 Europe/London|2026-11-23T09:00:00Z
2026-11-23 09:00 +01:00|2026-11-23T08:00:00Z
FORMS
	unset TZ CASES_NOW
}

test_report_since_a_plain_date() {
	export TZ=Asia/Kolkata CASES_NOW=2026-11-23T14:30:00Z
	run open --plan business --severity prod-down --subject a \
		--at 2026-10-31T20:00:00Z
	expect_rc 0
	run open --plan business --severity prod-down --subject b \
		--at 2026-11-05T00:00:00Z
	expect_rc 0
	# Local midnight of 2026-11-01 in Kolkata is 2026-10-31T18:30:00Z:
	# both cases are in the period.
	run report --since 2026-11-01 --until today --format json
	expect_rc 0
	expect_out_has '"opened":2'
	run report --since 2026-11-02 --format json
	expect_rc 0
	expect_out_has '"opened":1'
	unset TZ CASES_NOW
}

test_time_errors_say_what_is_wrong() {
	run list --at 2026-11-23T10
	expect_rc 2
	expect_err_line
	expect_err_has "invalid time '2026-11-23T10' (expected HH:MM or HH:MM:SS after the date)"
	run list --at "2026-11-23 10:00 America/NewYork"
	expect_rc 2
	expect_err_line
	expect_err_has "unknown time zone 'America/NewYork'"
	run list --at "2026-11-23 10:00junk"
	expect_rc 2
	expect_err_has "expected Z, an offset like +01:00, or a space and a zone name"
	run report --since tomorow
	expect_rc 2
	expect_err_line
	expect_err_has "invalid time 'tomorow' (expected now, today, yesterday"
}

test_writes_in_the_future_are_refused() {
	export CASES_NOW=2026-11-23T14:30:00Z TZ=America/New_York
	local id before
	run open --plan business --severity prod-down --subject x \
		--at 2026-11-23T14:00:00Z
	id=$out # due 15:00Z
	before=$(db_sum)
	# More than 5 minutes ahead: refused, named in local time, unchanged.
	run respond "$id" --at +6m
	expect_rc 2
	expect_err_line
	expect_err_has "--at 2026-11-23 09:36 -05:00 is in the future (now is 2026-11-23 09:30 -05:00)"
	run check --at "2026-11-23 11:00"
	expect_rc 2
	expect_err_has "is in the future"
	run respond "$id" --at "2027-11-23T10:00:00Z"
	expect_rc 2
	run note "$id" "later" --at tomorrow
	expect_rc 2
	run resolve "$id" --at +1h
	expect_rc 2
	expect_eq "$(db_sum)" "$before" "database after the refusals"
	# Up to 5 minutes ahead is taken (clocks differ).
	run respond "$id" --at +4m --format json
	expect_rc 0
	expect_out_has '"first_response_at":"2026-11-23T14:34:00Z"'
	# Reading as of a future time is fine.
	run list --at tomorrow
	expect_rc 0
	run overdue --at "2026-11-24 09:00"
	expect_rc 0
}
