# t-output.sh - csv, json and jsonl survive hostile text (docs/formats.md 6).

NASTY='Comma, "quoted" and
a newline; tab	here, back\slash, unicode é ✓ 😀, ctrl:'$(printf '\001\037')'.'

test_csv_round_trip_through_a_csv_reader() {
	run open --plan business --severity general --subject "$NASTY"
	expect_rc 0
	"$CASES" list --format csv >list.csv
	printf '%s' "$NASTY" >want.txt
	python3 - <<'PY' || fail "csv round trip"
import csv
rows = list(csv.DictReader(open("list.csv", newline="", encoding="utf-8")))
assert len(rows) == 1, rows
want = open("want.txt", encoding="utf-8", newline="").read()
assert rows[0]["subject"] == want, (rows[0]["subject"], want)
assert rows[0]["plan"] == "business"
assert rows[0]["first_response_at"] == ""
PY
}

test_json_and_jsonl_escape_everything() {
	local id
	run open --plan business --severity general --subject "$NASTY"
	id=$out
	"$CASES" list --format json >list.json
	"$CASES" list --format jsonl >list.jsonl
	"$CASES" show "$id" --format json >show.json
	printf '%s' "$NASTY" >want.txt
	python3 - <<'PY' || fail "json"
import json
want = open("want.txt", encoding="utf-8", newline="").read()
arr = json.load(open("list.json", encoding="utf-8"))
assert isinstance(arr, list) and len(arr) == 1
assert arr[0]["subject"] == want
lines = open("list.jsonl", encoding="utf-8").read().splitlines()
assert len(lines) == 1 and json.loads(lines[0])["subject"] == want
one = json.load(open("show.json", encoding="utf-8"))
assert one["subject"] == want
assert one["events"][0]["event"] == "opened"
assert one["due_at"].endswith("Z")
PY
}

test_empty_json_array() {
	run list --format json
	expect_rc 0
	expect_out "[]"
	run list --format jsonl
	expect_out ""
	run list --format csv
	expect_out_match '^id,external_id,account,plan,severity,category,channel,status,opened_at,due_at,first_response_at,resolved_at,breached_at,subject'
}

test_table_neutralises_control_characters() {
	run open --plan business --severity general --subject "$(printf 'evil\033[2Jclear')"
	run list
	expect_rc 0
	case "$out" in *$'\033'*) fail "escape character reached the terminal" ;; esac
	expect_out_has "evil?[2Jclear"
}

test_invalid_utf8_rejected() {
	run open --plan business --severity general --subject "$(printf 'bad \377 byte')"
	expect_rc 2
	expect_err_line
	expect_err_has "not valid UTF-8"
	expect_eq "$(count_cases)" 0 "cases"
}
