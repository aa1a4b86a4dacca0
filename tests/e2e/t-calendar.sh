# t-calendar.sh - calendars, accounts, custom plans, business-hours
# deadlines and explain through the CLI (docs/domain.md 7, docs/deadlines.md).

test_calendar_add_show_list() {
	run calendar add uk --tz Europe/London --hours 'Mon-Fri 09:00-17:30' \
		--holiday 2026-12-28 --holiday 2026-12-25 --holiday 2026-12-25 --format json
	expect_rc 0
	expect_out_has '"name":"uk"'
	expect_out_has '"tz":"Europe/London"'
	expect_out_has '"hours":"mon-fri 09:00-17:30"'
	expect_out_has '"holidays":"2026-12-25,2026-12-28"'
	expect_out_has '"weekly_business_s":153000'
	run calendar add uk --tz UTC
	expect_rc 2
	expect_err_has "calendar 'uk' already exists"
	run calendar add plain --tz UTC --format json
	expect_out_has '"hours":"mon-fri 08:00-18:00"'
	run calendar holiday uk 2027-01-01 2026-12-25
	expect_rc 0
	expect_out_has "2026-12-25,2026-12-28,2027-01-01"
	run calendar list --format csv
	expect_rc 0
	expect_eq "$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f1 | tr -d '\r' | tr '\n' ' ')" "plain uk " "names"
	run calendar show nope
	expect_rc 3
}

test_calendar_bad_input_exit_2() {
	run calendar add x --tz Mars/Olympus_Mons
	expect_rc 2
	expect_err_line
	expect_err_has "unknown time zone 'Mars/Olympus_Mons'"
	for h in 'mon-fri 18:00' 'funday 08:00-10:00' 'mon 25:00-26:00' 'mon 08:60-09:00' \
		'mon 09:00-09:00' 'mon 24:00-06:00' ''; do
		run calendar add x --tz UTC --hours "$h"
		expect_rc 2
		expect_err_line
	done
	run calendar add x --tz UTC --holiday 2025-02-29
	expect_rc 2
	expect_err_has "2025-02-29"
	run calendar add x --tz UTC --holiday 26-12-25
	expect_rc 2
	run calendar holiday nope 2026-12-25
	expect_rc 3
	run calendar list --format csv
	expect_eq "$(printf '%s\n' "$out" | tail -n +2 | grep -c .)" 0 "calendars"
}

test_account_with_tz_and_calendar() {
	run account add acme --plan developer --tz America/New_York --format json
	expect_rc 0
	expect_out_has '"calendar":null'
	expect_out_has '"tz":"America/New_York"'
	expect_out_has '"hours":"mon-fri 08:00-18:00"'
	run account add utc --plan developer --format json
	expect_out_has '"tz":"UTC"'
	run account add acme --plan business
	expect_rc 2
	expect_err_has "already exists"
	run account add bad --plan gold
	expect_rc 3
	run account add bad --plan business --tz Nowhere/Land
	expect_rc 2
	run account add bad --plan business --calendar nocal
	expect_rc 3
	run account add --plan business
	expect_rc 2
	run account list --format csv
	expect_eq "$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f1 | tr -d '\r' | tr '\n' ' ')" "acme utc " "accounts"
}

test_business_hours_deadline_new_york() {
	# Wed 2026-11-25 16:30 EST; 26th (Thanksgiving) a holiday.
	run calendar add ny --tz America/New_York --holiday 2026-11-26
	run account add acme --plan developer --calendar ny
	run open --account acme --severity general --subject x --at 2026-11-25T21:30:00Z --format json
	expect_rc 0
	# 1.5h Wed + 10h Fri + 10h Mon + 2.5h Tue = 24h -> Tue 10:30 EST.
	expect_out_has '"due_at":"2026-12-01T15:30:00Z"'
	run open --account acme --severity system-impaired --subject y --at 2026-11-27T13:00:00Z --format json
	# Fri 08:00 + 10h = Fri 18:00 (due at closing, not Monday), then 2h Mon.
	expect_out_has '"due_at":"2026-11-30T15:00:00Z"'
}

test_target_ending_at_closing_time() {
	run plan add tight --from developer
	run plan set tight --severity general --target 10h
	run calendar add utcbiz --tz UTC
	run account add a --plan tight --calendar utcbiz
	run open --account a --severity general --subject x --at 2026-11-26T08:00:00Z --format json
	expect_out_has '"due_at":"2026-11-26T18:00:00Z"'
	local id
	id=$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
	run respond "$id" --at 2026-11-26T18:00:00Z
	run check --at 2026-11-27T12:00:00Z
	expect_out ""
}

test_case_keeps_plan_and_calendar_it_was_opened_under() {
	run calendar add cal --tz UTC
	run account add a --plan developer --calendar cal
	run open --account a --severity general --subject old --at 2026-11-26T08:00:00Z --format json
	local id before
	id=$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
	before=$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["due_at"])')
	run calendar holiday cal 2026-11-27
	run plan set developer --severity general --target 1h
	run plan set developer --severity system-impaired --target 1h
	run show "$id" --format json
	expect_out_has "\"due_at\":\"$before\""
	# Escalation uses the targets of the plan version it was opened under:
	# system-impaired 12 business hours from Thu 08:00 -> Fri 10:00 (no holiday).
	run escalate "$id" --severity system-impaired --at 2026-11-26T09:00:00Z --format json
	expect_out_has '"due_at":"2026-11-27T10:00:00Z"'
	# A new case gets the new plan and the holiday.
	run open --account a --severity general --subject new --at 2026-11-26T17:30:00Z --format json
	expect_out_has '"due_at":"2026-11-30T08:30:00Z"'
}

test_plan_add_and_set() {
	run plan add premium --format json
	expect_rc 0
	expect_out_has '"general_target_s":null'
	expect_out_has '"categories":"account-billing, technical"'
	expect_out_has '"channels":"console, email, phone, chat"'
	run plan add premium
	expect_rc 2
	run plan add Bad!Name
	expect_rc 2
	run plan add copy --from nope
	expect_rc 3
	run open --plan premium --severity general --subject x
	expect_rc 2
	expect_err_has "(allowed: none"
	run plan set premium --severity business-critical --target 45m --format json
	expect_out_has '"business_critical_target_s":2700'
	expect_out_has '"business_critical_clock":"24x7"'
	run plan set premium --severity general --target 200h --clock business --format json
	expect_out_has '"general_target_s":720000'
	expect_out_has '"general_clock":"business"'
	# --target alone keeps the clock.
	run plan set premium --severity general --target 8h --format json
	expect_out_has '"general_clock":"business"'
	run plan set premium --severity general --target 1s --format json
	expect_out_has '"general_target_s":1'
	run plan set premium --severity general --target 0s
	expect_rc 2
	run plan set premium --allow --channel api
	expect_rc 0
	run open --plan premium --severity business-critical --channel api --subject x --at 2026-11-26T09:00:00Z --format json
	expect_out_has '"due_at":"2026-11-26T09:45:00Z"'
	run plan set premium --deny --category technical
	run open --plan premium --severity business-critical --subject x
	expect_rc 2
	expect_err_has "does not include category 'technical'"
	run plan set premium --severity business-critical --deny --format json
	expect_rc 0
	expect_out_has '"business_critical_target_s":null'
	# --disallow, the old name, is an alias.
	run plan set premium --severity business-critical --target 45m
	expect_rc 0
	run plan set premium --severity business-critical --disallow --format json
	expect_rc 0
	expect_out_has '"business_critical_target_s":null'
	run plan set premium --severity business-critical --allow
	expect_rc 2
	expect_err_has "a severity is allowed by giving it a --target DURATION"
	run plan set premium --severity general
	expect_rc 2
	run plan set premium --allow --category nope
	expect_rc 2
	run plan set nope --allow --channel api
	expect_rc 3
	run plan add copy --from enterprise --format json
	expect_out_has '"business_critical_target_s":900'
	run plans --format csv
	expect_eq "$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f1 | tr '\n' ' ')" "basic developer business enterprise premium copy " "plans"
}

test_explain_business_hours() {
	run calendar add ny --tz America/New_York --holiday 2026-11-26
	run account add acme --plan developer --calendar ny
	run open --account acme --severity general --subject x --at 2026-11-25T21:30:00Z
	local id=$out
	run explain "$id"
	expect_rc 0
	expect_out_has "mon-fri 08:00-18:00 in America/New_York, holidays 2026-11-26"
	expect_out_has "Wed 2026-11-25  16:30-18:00  counted 1h30m"
	expect_out_has "Thu 2026-11-26  holiday"
	expect_out_has "Sat 2026-11-28  closed"
	expect_out_has "Tue 2026-12-01  08:00-10:30  counted 2h30m"
	expect_out_has "due 2026-12-01 10:30 -05:00 (2026-12-01T15:30:00Z)"
	run explain "$id" --format jsonl
	expect_eq "$(printf '%s\n' "$out" | grep -c '"step":"counted"')" 4 "counted steps"
	run open --plan business --severity prod-down --subject y --at 2026-11-26T09:00:00Z
	run explain "$out"
	expect_out_has "target 1h on the 24x7 clock"
	expect_out_has "due 2026-11-26 10:00:00 (UTC)"
	run open --plan basic --category account-billing --subject z
	run explain "$out"
	expect_out_has "no first-response target"
}

test_explain_dst_day() {
	# Sun 2026-11-01: New York falls back; a 24x7 calendar week in NY hours.
	run calendar add ny247 --tz America/New_York --hours 'mon-sun 00:00-24:00'
	run plan add nyplan
	run plan set nyplan --severity general --target 24h --clock business
	run account add a --plan nyplan --calendar ny247
	run open --account a --severity general --subject x --at 2026-11-01T04:00:00Z
	local id=$out
	run explain "$id"
	expect_out_has "00:00-23:00  counted 24h      remaining 0  (DST change: 23h on the wall clock, 24h of real time)"
	run show "$id" --format json
	# Local midnight Nov 1 (04:00Z) + 24 real hours = 04:00Z Nov 2 = 23:00 EST.
	expect_out_has '"due_at":"2026-11-02T04:00:00Z"'
}
