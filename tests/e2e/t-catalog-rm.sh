# t-catalog-rm.sh - changing and removing calendars, plans and accounts
# (issue 15 item 4: calendar set, holiday --remove, calendar/account/plan
# rm) and zones given as abbreviations (item 6, --tz). docs/domain.md 5-7.

# The due_at of the JSON record in $out.
due_of() {
	printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["due_at"])'
}

id_of() {
	printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
}

test_calendar_set_is_a_new_version() {
	run calendar add biz --tz UTC
	expect_rc 0
	run account add a --plan developer --calendar biz
	# Fri 09:00 + 24 business hours of mon-fri 08-18: 9h Fri, 10h Mon,
	# 5h Tue -> Tue 13:00.
	run open --account a --severity general --subject old --at 2026-11-20T09:00:00Z --format json
	expect_rc 0
	local old
	old=$(id_of)
	expect_eq "$(due_of)" "2026-11-24T13:00:00Z" "due before the change"
	run calendar set biz --hours 'mon-sun 00:00-24:00' --at 2026-11-20T09:30:00Z --format json
	expect_rc 0
	expect_out_has '"hours":"mon-sun 00:00-24:00"'
	expect_out_has '"tz":"UTC"'
	# A case opened afterwards gets the new hours: 24h round the clock.
	run open --account a --severity general --subject new --at 2026-11-20T10:00:00Z --format json
	expect_eq "$(due_of)" "2026-11-21T10:00:00Z" "new case"
	# The open case keeps its version: its deadline, and explain agrees.
	run show "$old" --format json
	expect_out_has '"due_at":"2026-11-24T13:00:00Z"'
	run explain "$old"
	expect_rc 0
	expect_out_has "mon-fri 08:00-18:00"
	# The zone alone: the hours stay.
	run calendar set biz --tz America/New_York --format json
	expect_rc 0
	expect_out_has '"tz":"America/New_York"'
	expect_out_has '"hours":"mon-sun 00:00-24:00"'
}

test_holiday_remove_is_a_new_version() {
	run calendar add h --tz UTC --holiday 2026-11-23 --holiday 2026-12-25
	run account add a --plan developer --calendar h
	# Fri 09:00, Monday a holiday: 9h Fri, 10h Tue, 5h Wed -> Wed 13:00.
	run open --account a --severity general --subject old --at 2026-11-20T09:00:00Z --format json
	local old
	old=$(id_of)
	expect_eq "$(due_of)" "2026-11-25T13:00:00Z" "with the holiday"
	run calendar holiday h 2026-11-23 --remove --at 2026-11-20T09:30:00Z --format json
	expect_rc 0
	expect_out_has '"holidays":"2026-12-25"'
	run open --account a --severity general --subject new --at 2026-11-20T09:00:00Z --format json
	expect_eq "$(due_of)" "2026-11-24T13:00:00Z" "without it"
	run show "$old" --format json
	expect_out_has '"due_at":"2026-11-25T13:00:00Z"'
	# A date that is not a holiday: exit 2, naming it and the holidays.
	local before
	before=$(db_sum)
	run calendar holiday h 2026-11-23 --remove
	expect_rc 2
	expect_err_line
	expect_err_has "2026-11-23 is not a holiday of calendar 'h' (its holidays: 2026-12-25)"
	run calendar holiday h 2026-12-25 2026-12-24 --remove
	expect_rc 2
	expect_err_has "2026-12-24 is not a holiday"
	expect_eq "$(db_sum)" "$before" "database after refusals"
	run calendar holiday h 2026-12-25 --remove
	expect_rc 0
	run calendar holiday h 2026-12-25 --remove
	expect_rc 2
	expect_err_has "2026-12-25 is not a holiday of calendar 'h' (it has none)"
}

test_rm_refused_while_referred_to() {
	run plan add gold --from business
	run calendar add eu --tz Europe/Paris
	run account add acme --plan gold --calendar eu
	run account add beta --plan gold --calendar eu
	run open --account acme --severity general --subject one --at 2026-11-20T09:00:00Z
	run open --account acme --severity general --subject two --at 2026-11-20T09:00:00Z
	run key add --account acme
	expect_rc 0
	local before
	before=$(db_sum)
	run calendar rm eu
	expect_rc 2
	expect_err_line
	expect_err_has "cases: calendar 'eu' is used by accounts 'acme', 'beta' and 2 cases"
	run plan rm gold
	expect_rc 2
	expect_err_has "cases: plan 'gold' is used by accounts 'acme', 'beta' and 2 cases"
	run account rm acme
	expect_rc 2
	expect_err_has "cases: account 'acme' has 2 cases and 1 API key"
	expect_eq "$(db_sum)" "$before" "database after refusals"
	run account list --format csv
	expect_out_has "acme"
	# beta is unused: it goes, printed as it was.
	run account rm beta --format json
	expect_rc 0
	expect_out_has '"name":"beta"'
	run account show beta
	expect_rc 3
	run plan rm gold
	expect_rc 2
	expect_err_has "plan 'gold' is used by account 'acme' and 2 cases"
}

test_rm_counts_cases_of_a_calendars_old_versions() {
	run calendar add c2 --tz UTC
	run open --plan developer --calendar c2 --severity general --subject x --at 2026-11-20T09:00:00Z
	expect_rc 0
	run calendar set c2 --hours 'mon-fri 09:00-17:00'
	run calendar holiday c2 2026-12-25
	run calendar rm c2
	expect_rc 2
	expect_err_has "calendar 'c2' is used by 1 case"
}

test_rm_removes_what_nothing_uses() {
	run calendar add spare --tz UTC
	run calendar rm spare --format json
	expect_rc 0
	expect_out_has '"name":"spare"'
	run calendar list --format csv
	expect_out_lacks "spare"
	run calendar add spare --tz Europe/London
	expect_rc 0
	# A mistyped twin, added after cases on the same content: it goes.
	run open --plan developer --calendar spare --severity general --subject x
	expect_rc 0
	run calendar add sprae --tz Europe/London
	run calendar rm sprae
	expect_rc 0
	run calendar rm spare
	expect_rc 2
	expect_err_has "calendar 'spare' is used by 1 case"
	run plan add p2
	run account add tmp --plan p2
	run account rm tmp
	expect_rc 0
	run plan rm p2
	expect_rc 0
	run plans --format csv
	expect_out_lacks "p2"
	# The seeded plans are data too: an unused one may go.
	run plan rm basic
	expect_rc 0
	run plans --format csv
	expect_out_lacks "basic"
	run open --plan basic --category account-billing --subject x
	expect_rc 3
}

test_rm_unknown_names_suggest() {
	run calendar add europe --tz Europe/Paris
	run account add acme --plan developer
	run calendar rm europ
	expect_rc 3
	expect_err_line
	expect_err_has "did you mean 'europe'"
	run calendar set europ --hours 'mon-fri 09:00-17:00'
	expect_rc 3
	expect_err_has "did you mean 'europe'"
	run calendar holiday europ 2026-12-25 --remove
	expect_rc 3
	run account rm acm
	expect_rc 3
	expect_err_has "did you mean 'acme'"
	run plan rm developr
	expect_rc 3
	expect_err_has "did you mean 'developer'"
}

test_tz_abbreviations_refused_with_a_zone() {
	run calendar add eu --tz Europe/Paris
	local before
	before=$(db_sum)
	run calendar add x --tz EST
	expect_rc 2
	expect_err_line
	expect_err_has "time zone 'EST' is an abbreviation, not a zone: use 'America/New_York'"
	run calendar set eu --tz PST
	expect_rc 2
	expect_err_has "'America/Los_Angeles'"
	run account add b --plan basic --tz HST
	expect_rc 2
	expect_err_has "'Pacific/Honolulu'"
	run open --plan business --severity general --subject x --tz CET
	expect_rc 2
	expect_err_has "'Europe/Paris'"
	run open --plan business --severity general --subject x --at '2026-11-23 10:00 EST'
	expect_rc 2
	expect_err_has "America/New_York"
	expect_eq "$(db_sum)" "$before" "database after refusals"
	run calendar add ny --tz America/New_York
	expect_rc 0
	run calendar set eu --tz Etc/GMT+5 --format json
	expect_rc 0
	expect_out_has '"tz":"Etc/GMT+5"'
	run open --plan business --severity general --subject x --at '2026-11-23 10:00 America/New_York' --format json
	expect_rc 0
	expect_out_has '"opened_at":"2026-11-23T15:00:00Z"'
}

test_calendar_change_bad_input_exit_2() {
	run calendar add eu --tz Europe/Paris --holiday 2026-12-25
	local before
	before=$(db_sum)
	run calendar set eu
	expect_rc 2
	expect_err_line
	expect_err_has "nothing to change"
	run calendar set eu --hours 'mon 25:00-26:00'
	expect_rc 2
	expect_err_line
	run calendar set eu --tz Mars/Olympus_Mons
	expect_rc 2
	expect_err_has "unknown time zone 'Mars/Olympus_Mons'"
	run calendar set eu --holiday 2026-12-26
	expect_rc 2
	expect_err_has "calendar holiday"
	run calendar holiday eu --remove
	expect_rc 2
	run calendar holiday eu 2026-02-30 --remove
	expect_rc 2
	run calendar add eu2 --tz UTC --remove
	expect_rc 2
	run calendar rm eu --tz UTC
	expect_rc 2
	run account rm eu --plan basic
	expect_rc 2
	run plan rm basic --severity general
	expect_rc 2
	expect_eq "$(db_sum)" "$before" "database after bad input"
}
