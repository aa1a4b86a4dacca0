# t-import.sh - `cases export` and `cases import` (docs/formats.md 8): round
# trips, all-or-nothing imports, and AWS Support's describe-cases JSON.

aws_data() {
	printf '%s/../data/%s' "$here" "$1"
}

# Cases of every shape: accounts, a calendar, an external id, answered,
# resolved, escalated, a recorded breach, a subject to break parsers.
import_dataset() {
	local id
	"$CASES" calendar add uk --tz Europe/London --holiday 2026-12-25 \
		>/dev/null || fail "calendar"
	"$CASES" account add acme --plan developer --calendar uk >/dev/null ||
		fail "acme"
	"$CASES" account add "Zürich AG" --plan enterprise >/dev/null ||
		fail "zurich"
	id=$("$CASES" open --account acme --severity general \
		--subject 'Comma, "quotes", and
a newline	tab — ünïcödé ✓' --at 2026-11-26T09:00:00Z)
	"$CASES" respond "$id" --at 2026-11-26T10:00:00Z >/dev/null || fail "r"
	"$CASES" resolve "$id" --at 2026-11-27T10:00:00Z >/dev/null || fail "s"
	id=$("$CASES" open --account "Zürich AG" --severity business-critical \
		--subject 'Down; "hard"' --external-id 'ZD-1,"x"' \
		--channel phone --at 2026-11-26T09:00:00Z)
	"$CASES" check --at 2026-11-26T09:30:00Z >/dev/null || fail "check"
	"$CASES" respond "$id" --at 2026-11-26T09:40:00Z >/dev/null || fail "r2"
	id=$("$CASES" open --plan business --severity general \
		--subject "Slow API" --category third-party --at 2026-11-25T08:00:00Z)
	"$CASES" escalate "$id" --severity prod-impaired \
		--at 2026-11-25T09:00:00Z >/dev/null || fail "escalate"
	"$CASES" open --plan basic --category account-billing \
		--subject "Invoice 'Q4'" --at 2026-11-24T12:00:00Z >/dev/null ||
		fail "basic"
}

# counts of cases and events, straight from SQLite.
db_counts() {
	sqlite3 "$1" "SELECT (SELECT count(*) FROM cases) || '/' || (SELECT count(*) FROM event)"
}

# The same accounts and calendar in another database.
import_target() {
	"$CASES" --db "$1" calendar add uk --tz Europe/London \
		--holiday 2026-12-25 >/dev/null || fail "calendar in $1"
	"$CASES" --db "$1" account add acme --plan developer --calendar uk \
		>/dev/null || fail "acme in $1"
	"$CASES" --db "$1" account add "Zürich AG" --plan enterprise \
		>/dev/null || fail "zurich in $1"
}

test_export_import_jsonl_round_trip() {
	import_dataset
	run export
	expect_rc 0
	expect_eq "$(printf '%s\n' "$out" | wc -l)" 4 "lines"
	printf '%s\n' "$out" >a.jsonl
	# Oldest first.
	expect_eq "$(head -1 a.jsonl | grep -c 'Invoice')" 1 "first line"
	import_target b.db
	run --db b.db import a.jsonl
	expect_rc 0
	expect_out "imported 4 cases"
	run --db b.db export
	expect_rc 0
	printf '%s\n' "$out" >b.jsonl
	cmp -s a.jsonl b.jsonl || fail "export -> import -> export differs"
	# The history: opened, then breached, responded in time order.
	run --db b.db show "$(grep ZD-1 a.jsonl | cut -c8-43)" --format json
	python3 -c '
import json, sys
ev = [e["event"] for e in json.loads(sys.argv[1])["events"]]
assert ev == ["opened", "breached", "responded"], ev
' "$out" || fail "events"
}

test_export_import_csv_round_trip() {
	import_dataset
	"$CASES" export --format csv >a.csv || fail "export"
	import_target b.db
	run --db b.db import a.csv
	expect_rc 0
	expect_out "imported 4 cases"
	"$CASES" --db b.db export --format csv >b.csv || fail "export b"
	cmp -s a.csv b.csv || fail "csv export -> import -> export differs"
	# CSV and JSON lines carry the same cases.
	run --db b.db export
	printf '%s\n' "$out" >b.jsonl
	run export
	expect_eq "$(printf '%s\n' "$out" | sha256sum)" "$(sha256sum <b.jsonl)" "jsonl of csv import"
}

test_import_stdin_and_format_option() {
	import_dataset
	"$CASES" export --format csv >cases.txt
	import_target b.db
	# Not named .csv: say so, or it is read as JSON lines.
	run --db b.db import cases.txt
	expect_rc 2
	expect_err_has "line 1: expected a JSON object"
	_last="--db b.db import --format csv - <cases.txt"
	out=$("$CASES" --db b.db import --format csv - <cases.txt 2>"$_tmp/stderr")
	rc=$?
	expect_rc 0
	expect_out "imported 4 cases"
	run --db c.db import --format=xml cases.txt
	expect_rc 2
	expect_err_has "unknown import format 'xml' (expected one of: jsonl, csv, aws)"
}

test_import_bad_row_changes_nothing() {
	import_dataset
	"$CASES" export >a.jsonl
	import_target b.db
	"$CASES" --db b.db open --plan business --severity general \
		--subject before >/dev/null
	local before
	before=$(db_counts b.db)
	expect_eq "$before" "1/1" "cases/events before"
	{
		sed -n 1,2p a.jsonl
		sed -n 3p a.jsonl | sed 's/"severity":"[a-z-]*"/"severity":"sev9"/'
		sed -n 4p a.jsonl
	} >bad.jsonl
	run --db b.db import bad.jsonl
	expect_rc 2
	expect_err_line
	expect_err_has "cases: line 3: unknown severity 'sev9'"
	expect_eq "$(db_counts b.db)" "$before" "cases/events after"
	expect_out ""
	# A malformed line in the middle.
	{ sed -n 1,2p a.jsonl; echo '{"plan": "business",'; sed -n 3,4p a.jsonl; } >bad2.jsonl
	run --db b.db import bad2.jsonl
	expect_rc 2
	expect_err_has "cases: line 3: malformed JSON"
	expect_eq "$(db_counts b.db)" "$before" "cases/events after malformed"
	# A CSV record split by a stray quote.
	"$CASES" export --format csv >a.csv
	{ sed -n 1,2p a.csv; printf 'x,"y\r\n'; } >bad.csv
	run --db b.db import bad.csv
	expect_rc 2
	expect_err_has "line 3: quoted field not closed before the end of the input"
	expect_eq "$(db_counts b.db)" "$before" "cases/events after bad csv"
}

test_import_refuses_ids_present() {
	import_dataset
	"$CASES" export >a.jsonl
	run import a.jsonl
	expect_rc 2
	expect_err_line
	expect_err_has "line 1: case $(head -1 a.jsonl | cut -c8-43) already exists"
	# The same id twice in one file.
	import_target b.db
	{ cat a.jsonl; sed -n 2p a.jsonl; } >twice.jsonl
	run --db b.db import twice.jsonl
	expect_rc 2
	expect_err_has "line 5: case $(sed -n 2p a.jsonl | cut -c8-43) already exists"
	expect_eq "$(db_counts b.db)" "0/0" "nothing imported"
}

test_import_unknown_plan_or_account() {
	run_in '{"plan":"gold","severity":"general","opened_at":"2026-11-26T09:00:00Z","subject":"x"}' import -
	expect_rc 2
	expect_err_line
	expect_err_has "line 1: unknown plan 'gold' (expected one of: basic, developer, business, enterprise)"
	run_in '
{"account":"nobody","severity":"general","opened_at":"2026-11-26T09:00:00Z","subject":"x"}' import -
	expect_rc 2
	expect_err_has "line 2: unknown account 'nobody'"
	run_in '{"plan":"developer","severity":"prod-down","opened_at":"2026-11-26T09:00:00Z","subject":"x"}' import -
	expect_rc 2
	expect_err_has "line 1: plan 'developer' does not allow severity 'prod-down'"
	run_in '{"plan":"business","severity":"general","opened_at":"2026-11-26T09:00:00Z","first_response_at":"2026-11-26T08:00:00Z","subject":"x"}' import -
	expect_rc 2
	expect_err_has "line 1: first_response_at 2026-11-26T08:00:00Z is before opened_at 2026-11-26T09:00:00Z"
}

test_import_missing_file() {
	run import nope.jsonl
	expect_rc 1
	expect_err_line
	expect_err_has "cannot read 'nope.jsonl': No such file or directory"
	mkdir dir.jsonl
	run import dir.jsonl
	expect_rc 1
	expect_err_has "cannot read 'dir.jsonl': Is a directory"
	run import
	expect_rc 2
	expect_err_has "missing FILE"
	run import --plan business a.jsonl
	expect_rc 2
	expect_err_has "--plan and --account are for --format aws only"
}

test_import_computes_missing_due() {
	"$CASES" account add acme --plan developer --tz America/New_York >/dev/null
	# Friday 16:00 in New York, 24 business hours of Mon-Fri 08-18:
	# Fri 2 h, Mon 10, Tue 10, Wed 08:00-10:00.
	run_in '{"account":"acme","severity":"general","opened_at":"2026-11-27T21:00:00Z","subject":"x"}' import -
	expect_rc 0
	run export
	expect_out_has '"due_at":"2026-12-02T15:00:00Z"'
}

test_export_filters_and_formats() {
	import_dataset
	run export --plan business --format csv
	expect_rc 0
	expect_eq "$(printf '%s\n' "$out" | tail -n +2 | grep -c .)" 1 "business"
	run export --status resolved
	expect_eq "$(printf '%s\n' "$out" | grep -c .)" 1 "resolved"
	expect_out_has "ünïcödé"
	run export --account "Zürich AG"
	expect_out_has 'ZD-1'
	run export --since 2026-11-26T00:00:00Z --until 2026-11-26T09:00:01Z
	expect_eq "$(printf '%s\n' "$out" | grep -c .)" 2 "period"
	run export --until 2026-11-24T12:00:00Z
	expect_out ""
	run export --format table
	expect_rc 2
	expect_err_has "export writes jsonl or csv, not 'table' (expected one of: jsonl, csv)"
	run export --plan gold
	expect_rc 3
}

test_import_aws_describe_cases() {
	run import --format aws --plan business "$(aws_data aws-describe-cases.json)"
	expect_rc 0
	expect_out "imported 4 new cases, updated 0, unchanged 0"
	run export --format csv
	# Every column but the (random) id.
	expect_eq "$(printf '%s\n' "$out" | tr -d '\r' | cut -d, -f2-14)" \
"external_id,account,plan,severity,category,channel,status,opened_at,due_at,first_response_at,resolved_at,breached_at,subject
case-123456789012-muen-2026-7e1d8fa9c3b2a415,,business,prod-impaired,technical,console,resolved,2026-11-20T09:15:02Z,2026-11-20T13:15:02Z,2026-11-20T10:02:44Z,2026-11-20T12:00:00Z,,EC2 instance unreachable after reboot
case-123456789012-muen-2026-1c0ffee5d00d4b2a,,business,prod-down,technical,console,open,2026-11-21T08:00:00Z,2026-11-21T09:00:00Z,,,,Production RDS cluster failing over in a loop
case-123456789012-muen-2026-b111ab1e0f00d123,,business,general,account-billing,console,resolved,2026-11-22T14:00:00Z,2026-11-23T14:00:00Z,2026-11-22T16:00:00Z,2026-11-22T16:00:00Z,,Question about the November invoice
case-123456789012-muen-2026-d00dfeed12345678,,business,general,technical,console,responded,2026-11-23T10:00:00Z,2026-11-24T10:00:00Z,2026-11-24T09:59:59Z,,,Guidance on S3 lifecycle rules" "aws cases"
	run report --at 2026-11-26T12:00:00Z --format csv
	expect_out_has "business,4,3,3,1,0,75.0,7200,86399"
	# Later: the RDS case answered (late) and lowered, the S3 case
	# resolved, a new one; the others as they were.
	run import --format aws --plan business --at 2026-11-26T12:00:00Z \
		"$(aws_data aws-describe-cases-later.json)"
	expect_rc 0
	expect_out "imported 1 new case, updated 2, unchanged 2"
	expect_eq "$(sqlite3 "$CASES_DB" 'SELECT count(*) FROM cases')" 5 "cases"
	run export --format csv
	expect_out_has "case-123456789012-muen-2026-1c0ffee5d00d4b2a,,business,prod-impaired,technical,console,responded,2026-11-21T08:00:00Z,2026-11-21T09:00:00Z,2026-11-21T09:30:00Z,,,"
	expect_out_has "case-123456789012-muen-2026-d00dfeed12345678,,business,general,technical,console,resolved,2026-11-23T10:00:00Z,2026-11-24T10:00:00Z,2026-11-24T09:59:59Z,2026-11-25T17:00:00Z,,"
	expect_out_has "case-123456789012-muen-2026-e0e0e0e0e0e0e0e0,,business,system-impaired,technical,console,open,2026-11-26T07:00:00Z,2026-11-26T19:00:00Z,,,,Lambda throttling in eu-west-1"
	run report --at 2026-11-26T12:00:00Z --format csv
	expect_out_has "business,5,4,3,1,1,75.0,5400,86399"
	# And again: nothing new.
	run import --format aws --plan business --at 2026-11-26T12:00:00Z \
		"$(aws_data aws-describe-cases-later.json)"
	expect_out "imported 0 new cases, updated 0, unchanged 5"
}

test_import_aws_account_and_errors() {
	run account add me --plan enterprise --tz Europe/Paris
	run import --format aws --account me "$(aws_data aws-describe-cases.json)"
	expect_rc 0
	run export --format csv
	expect_eq "$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f3 | sort -u | tr -d '\r')" "me" "account"
	run import --format aws --plan gold "$(aws_data aws-describe-cases.json)"
	expect_rc 3
	expect_err_has "unknown plan 'gold'"
	run import --format aws --account nobody "$(aws_data aws-describe-cases.json)"
	expect_rc 3
	run import --format aws "$(aws_data aws-describe-cases.json)"
	expect_rc 2
	expect_err_has "--format aws needs --plan P or --account A"
	run --db dev.db import --format aws --plan developer "$(aws_data aws-describe-cases.json)"
	expect_rc 2
	expect_err_line
	expect_err_has "cases[0] (case-123456789012-muen-2026-7e1d8fa9c3b2a415): plan 'developer' does not allow severity 'prod-impaired'"
	run_in '{"cases": [' --db x.db import --format aws --plan business -
	expect_rc 2
	expect_err_has "malformed JSON"
	expect_eq "$(sqlite3 x.db 'SELECT count(*) FROM cases')" 0 "nothing written"
}
