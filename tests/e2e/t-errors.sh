# t-errors.sh - exit codes and one-line messages (docs/formats.md 9).

test_usage_errors_exit_2() {
	run
	expect_rc 2
	expect_err_has "usage: cases"
	run frobnicate
	expect_rc 2
	expect_err_line
	expect_err_has "unknown command 'frobnicate'"
	run list --bogus
	expect_rc 2
	expect_err_line
	expect_err_has "unknown option '--bogus'"
	run list --status maybe
	expect_rc 2
	expect_err_has "unknown status 'maybe' (expected one of: open, responded, resolved, all)"
	run list --format yaml
	expect_rc 2
	expect_err_has "unknown format 'yaml' (expected one of: table, csv, json, jsonl)"
	run list --at yesterdy
	expect_rc 2
	expect_err_line
	expect_err_has "'yesterdy'"
	run show
	expect_rc 2
	expect_err_has "missing case ID"
	run open --plan
	expect_rc 2
	expect_err_has "needs a value"
}

test_bad_times_exit_2() {
	for t in 2026-02-30T09:00:00Z 2026-13-01T00:00:00Z 2026-11-26T09:00:60Z \
		2025-02-29T00:00:00Z "2026-11-26 25:00" 2026-11-26T09 @abc \
		yesterdy "2 fortnights ago" "2026-11-26 09:00 America/NewYork"; do
		run list --at "$t"
		expect_rc 2
		expect_err_line
		expect_err_has "'$t'"
	done
	for t in 2026-11-26T09:00:00Z 2026-11-26T09:00:00.999Z 2026-11-26T09:00:00+01:00 \
		@0 "2026-11-26 09:00" "2026-11-26 09:00:30" 2026-11-26T09:00:00 \
		2026-11-26T09:00 2026-11-26T09:00Z 2026-11-26 now today yesterday \
		-2h +30m "2h ago" "2 hours ago" 10:00 \
		"2026-11-26 09:00 America/New_York" "2026-11-26T09:00:00 Asia/Kolkata"; do
		run list --at "$t"
		expect_rc 0
	done
}

test_cases_now_env() {
	CASES_NOW=2026-11-26T09:00:00Z run open --plan business --severity prod-down --subject x --format json
	expect_out_has '"opened_at":"2026-11-26T09:00:00Z"'
	CASES_NOW=2026-11-26T10:00:01Z run overdue --format csv
	expect_out_has ",x"
	CASES_NOW=garbage run list
	expect_rc 2
	expect_err_has "CASES_NOW"
}

test_not_found_exit_3() {
	run show 0123456789abcdef
	expect_rc 3
	expect_err_line
	expect_err_has "no case '0123456789abcdef'"
	run respond deadbeef
	expect_rc 3
	run account show nobody
	expect_rc 3
	expect_err_has "unknown account 'nobody'"
	run plan show nope
	expect_rc 3
	run calendar show nope
	expect_rc 3
	run list --account nobody
	expect_rc 3
}

test_id_prefix_rules() {
	local id
	run open --plan business --severity general --subject x
	id=$out
	run show "${id:0:9}" --format json  # with its dash: never all digits, so never a number
	expect_rc 0
	expect_out_has "\"id\":\"$id\""
	run show "$(printf '%s' "$id" | tr a-f A-F)" --format json
	expect_rc 0
	# Seven hex digits are too few; seven decimal digits would be a case
	# number, so a prefix of digits alone takes a letter in its place.
	local short=${id:0:7}
	[[ $short =~ ^[0-9]+$ ]] && short=${short:0:6}a
	run show "$short"
	expect_rc 2
	expect_err_line
	expect_err_has "at least 8"
	run show "zzzzzzzz"
	expect_rc 2
	run show "$id"
	expect_rc 0
}

test_ambiguous_prefix_exit_2() {
	run plans
	# Two cases sharing their first 8 hex digits, made directly.
	sqlite3 "$CASES_DB" "INSERT INTO cases (uuid, plan_id, plan_ver, cal_ver, severity, category, channel, subject, opened_at)
		VALUES (X'abcdef0011112222333344445555aaaa', 3, 3, 1, 1, 1, 0, 'one', 0),
		       (X'abcdef0099998888777766665555bbbb', 3, 3, 1, 1, 1, 0, 'two', 0);"
	run show abcdef00
	expect_rc 2
	expect_err_line
	expect_err_has "ambiguous case id 'abcdef00' matches 2 cases: abcdef00-1111-2222-3333-44445555aaaa, abcdef00-9999-8888-7777-66665555bbbb"
	run show abcdef001
	expect_rc 0
	expect_out_has one
}

test_help_everywhere() {
	run --help
	expect_rc 0
	expect_out_has "commands:"
	for c in $("$CASES" help | awk '/^commands:/ {on = 1; next} on && /^  [a-z]/ {print $1}'); do
		run $c --help
		expect_rc 0
		expect_out_has "usage: cases $c"
		expect_out_has "example"
		run help $c
		expect_rc 0
		expect_out_has "usage: cases $c"
	done
	run --version
	expect_rc 0
	expect_out_match '^cases [0-9]+\.[0-9]+\.[0-9]+$'
}

test_version_and_help_on_a_full_stdout() {
	# What could not be written is an error: exit 1, with the reason.
	local args
	for args in --version --help help "help list" "list --help" "restore --help"; do
		_last="$args >/dev/full"
		# shellcheck disable=SC2086
		"$CASES" $args >/dev/full 2>"$_tmp/stderr"
		rc=$?
		err=$(cat "$_tmp/stderr")
		expect_rc 1
		expect_err_line
		expect_err_has "writing output: No space left on device"
	done
}

test_empty_note_is_called_a_note() {
	run open --plan business --severity general --subject x
	local id=$out
	run respond "$id" --note ''
	expect_rc 2
	expect_err_line
	expect_err_has "empty note"
	run respond "$id"
	expect_rc 0
	run respond "$id" --note ''
	expect_rc 2
	expect_err_has "empty note"
	run respond "$id" --note "$(printf 'x%.0s' $(seq 1 4097))"
	expect_rc 2
	expect_err_has "note too long"
	run open --plan business --severity general --subject ''
	expect_rc 2
	expect_err_has "empty subject"
}
