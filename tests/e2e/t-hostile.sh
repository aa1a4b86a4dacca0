# t-hostile.sh - hostile text: subjects, notes, account and calendar names
# holding quotes, printf directives, SQL, shell metacharacters, control
# characters and odd Unicode are stored byte for byte and printed faithfully
# in every format (checked with Python's json and csv readers), never
# executed and never breaking a line; invalid UTF-8, control characters in
# names and oversized values are refused with one clear line.
#
# A single command-line argument can hold at most 128 KiB on Linux
# (MAX_ARG_STRLEN), so "huge" here is 131,000 bytes.

# The hostile subjects, one per element.
hostile_subjects() {
	subjects=(
		"quote \" double ' single \\ backslash"
		'%n%n%n %s%s%s %x %p %99999999d %'
		"'); DROP TABLE cases;--"
		'"; DROP TABLE event; --'
		'$(touch pwned1) `touch pwned2`; touch pwned3 | touch pwned4 && touch pwned5 > x < y * ? ~ ! ${HOME}'
		$'tab\there, comma, "quoted", newline\nsecond line'
		$'cr\r\nlf, bell\a, esc \e[2J\e]0;title\a, del \177, vt \v ff \f'
		$'unicode caf\303\251 zwsp \342\200\213 fire \360\237\224\245 rtl \342\200\256 gnp.exe'
		' leading and trailing spaces '
		'-starts-with-a-dash'
		'{"json":"looking","n":[1,2],"subject":null}'
		'<script>alert(1)</script> &amp; \u0000 \\n'
		"$(printf 'x%.0s' $(seq 1 4000))$(printf '\303\244%.0s' $(seq 1 48))"
	)
}

# check_formats FILE KIND: stdin, in format KIND (json, jsonl, csv, table,
# text), must carry exactly the subjects NUL-separated in FILE: parsed by
# Python's readers for the machine formats; one line per record, no
# control character and every subject (terminal controls: C0, DEL, C1 and
# bidirectional overrides and isolates, as '?') for the formats for people.
check_formats() {
	python3 -c '
import csv, io, json, re, sys
want = open(sys.argv[1], "rb").read().decode("utf-8").split("\0")[:-1]
kind = sys.argv[2]
text = sys.stdin.buffer.read().decode("utf-8")  # must be valid UTF-8
def die(msg):
    print(msg)
    sys.exit(1)
if kind == "json":
    v = json.loads(text)
    rows = v if isinstance(v, list) else [v]
elif kind == "jsonl":
    rows = [json.loads(l) for l in text.split("\n") if l]
elif kind == "csv":
    r = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    if any(len(x) != len(r[0]) for x in r):
        die("csv rows of unequal length")
    rows = [dict(zip(r[0], x)) for x in r[1:]]
if kind in ("json", "jsonl", "csv"):
    got = [x["subject"] for x in rows]
    if sorted(got) != sorted(want):
        die("%s subjects differ: missing %r, extra %r" % (kind,
            [w[:40] for w in want if w not in got][:3],
            [g[:40] for g in got if g not in want][:3]))
    sys.exit(0)
# table / text: people formats
if re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text):
    die("%s output holds a control character" % kind)
lines = text.rstrip("\n").split("\n")
nrec = len(lines) - (1 if kind == "table" else 0)
if nrec != len(want):
    die("%s: %d lines for %d records" % (kind, nrec, len(want)))
for w in want:
    vis = re.sub("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", "?", w)
    if vis not in text:
        die("%s lacks subject %r" % (kind, vis[:60]))
' "$1" "$2" || fail "$2 output is not faithful"
}

hex_of() {
	printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n'
}

test_hostile_subjects_faithful_everywhere() {
	local subjects s id i=0 ids=()
	hostile_subjects
	: >want
	for s in "${subjects[@]}"; do
		printf '%s\0' "$s" >>want
		run open --plan business --severity prod-down --subject "$s" \
			--at 2026-01-05T09:00:00Z
		expect_rc 0
		expect_out_match '^[0-9a-f-]{36}$'
		id=$out
		ids+=("$id")
		# Stored byte for byte.
		expect_eq "$(sqlite3 -readonly "$CASES_DB" "SELECT lower(hex(subject))
			FROM cases WHERE subject = CAST(x'$(hex_of "$s")' AS TEXT)")" \
			"$(hex_of "$s")" "stored subject $i"
		# One case: json and the table of `show`.
		"$CASES" show "$id" --format json >one.json
		printf '%s\0' "$s" >one
		check_formats one json <one.json
		"$CASES" show "$id" >one.txt
		python3 -c '
import re, sys
t = open("one.txt", encoding="utf-8").read()
w = open("one", "rb").read().decode()[:-1]
assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", t), "control character"
assert "subject:     " + re.sub("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", "?", w) + "\n" in t, "subject line"
' || fail "show table of subject $i"
		i=$((i + 1))
	done
	local n=${#subjects[@]}
	"$CASES" list --format json >out.json || fail "list json"
	check_formats want json <out.json
	python3 -m json.tool out.json >/dev/null || fail "json.tool rejects list json"
	check_formats want jsonl < <("$CASES" list --format jsonl)
	check_formats want csv < <("$CASES" list --format csv)
	check_formats want table < <("$CASES" list)
	check_formats want csv < <("$CASES" overdue --at 2026-01-06T00:00:00Z --format csv)
	check_formats want table < <("$CASES" overdue --at 2026-01-06T00:00:00Z)
	check_formats want jsonl < <("$CASES" due --within 2h --at 2026-01-05T09:00:00Z --format jsonl)

	# check: text and jsonl, and a hook that gets each subject unchanged
	# in CASES_SUBJECT (CMD runs without a shell: nothing is executed).
	cat >hook.sh <<-'EOF'
		#!/bin/sh
		printf '%s\0' "$CASES_SUBJECT" >>"$HOSTILE_HOOK_OUT"
	EOF
	chmod +x hook.sh
	export HOSTILE_HOOK_OUT=$PWD/hook.out
	: >hook.out
	run check --at 2026-01-06T00:00:00Z --exec "$PWD/hook.sh"
	expect_rc 0
	check_formats want text < <(printf '%s\n' "$out")
	python3 -c '
import sys
a = sorted(open("want", "rb").read().split(b"\0")[:-1])
b = sorted(open("hook.out", "rb").read().split(b"\0")[:-1])
sys.exit(a != b)' || fail "hook subjects differ"
	# Re-open the same events as jsonl through a fresh database state.
	run check --at 2026-01-07T00:00:00Z --format jsonl
	expect_out ""

	# Respond with hostile notes: kept in events, shown safely.
	for id in "${ids[@]:0:7}"; do
		run respond "$id" --note "${subjects[6]}" --at 2026-01-06T01:00:00Z
		expect_rc 0
	done
	"$CASES" show "${ids[0]}" --format json | python3 -c '
import json, sys
ev = json.load(sys.stdin)["events"]
want = open("want", "rb").read().decode().split("\0")[6]
assert ev[-1]["event"] == "responded" and ev[-1]["detail"] == want, ev[-1]
' || fail "note not kept faithfully"
	"$CASES" show "${ids[0]}" | LC_ALL=C grep -q $'[\001-\011\013-\037\177]' &&
		fail "show table prints a control character of a note"

	# Nothing ran, nothing was dropped.
	local f
	for f in pwned1 pwned2 pwned3 pwned4 pwned5 x; do
		[ -e "$f" ] && fail "a subject was executed: $f exists"
	done
	expect_eq "$(sqlite3 -readonly "$CASES_DB" 'SELECT count(*) FROM cases')" "$n" cases
	expect_eq "$(sqlite3 -readonly "$CASES_DB" "SELECT count(*) FROM sqlite_master
		WHERE name IN ('cases', 'event', 'plan', 'account', 'calendar')")" 5 tables
	expect_eq "$(sqlite3 -readonly "$CASES_DB" 'PRAGMA integrity_check')" ok integrity
}

test_hostile_names_faithful() {
	local names=(
		"O'Brien \"Ltd\""
		"acme'); DROP TABLE account;--"
		'%n%s%s%s %x'
		'$(touch pwned) `id` ; | & > <'
		$'Soci\303\251t\303\251 G\303\251n\303\251rale \360\237\217\246'
		'a,b;c "d"'
		"$(printf 'n%.0s' $(seq 1 128))"
	)
	local nm i=0
	: >want
	for nm in "${names[@]}"; do
		run calendar add "$nm" --tz Europe/Paris
		expect_rc 0
		run account add "$nm" --plan business --calendar "$nm"
		expect_rc 0
		run open --account "$nm" --severity general --subject "$nm"
		expect_rc 0
		printf '%s\0' "$nm" >>want
		run list --account "$nm" --format csv
		expect_rc 0
		expect_eq "$(printf '%s\n' "$out" | tail -n +2 | grep -c .)" 1 "cases of account $i"
		run account show "$nm" --format json
		expect_rc 0
		printf '%s' "$out" | python3 -c '
import json, sys
a = json.load(sys.stdin)
want = open("want", "rb").read().decode().split("\0")[-2]
assert a["name"] == want and a["calendar"] == want, a
' || fail "account show json of name $i"
		i=$((i + 1))
	done
	# Subjects equal the names, so the list checks cover the account column.
	check_formats want json < <("$CASES" list --format json)
	check_formats want csv < <("$CASES" list --format csv)
	check_formats want table < <("$CASES" list)
	"$CASES" list --format csv | python3 -c '
import csv, sys
for row in csv.DictReader(sys.stdin):
    assert row["account"] == row["subject"], row
' || fail "account column differs from the name"
	"$CASES" account list --format csv | python3 -c '
import csv, sys
want = sorted(open("want", "rb").read().decode().split("\0")[:-1])
got = sorted(r["name"] for r in csv.DictReader(sys.stdin))
assert got == want, (got, want)
' || fail "account list csv"
	"$CASES" calendar list --format jsonl | python3 -c '
import json, sys
want = sorted(open("want", "rb").read().decode().split("\0")[:-1])
got = sorted(json.loads(l)["name"] for l in sys.stdin)
assert got == want, (got, want)
' || fail "calendar list jsonl"
	[ -e pwned ] && fail "a name was executed"
	expect_eq "$(sqlite3 -readonly "$CASES_DB" 'SELECT count(*) FROM account')" 7 accounts
}

test_hostile_invalid_input_refused() {
	run open --plan business --severity general --subject kept
	local before
	before=$(sqlite3 -readonly "$CASES_DB" .dump | sha256sum)
	local bad
	# Invalid UTF-8: a lone continuation byte, an overlong '/', a UTF-16
	# surrogate, a byte that never occurs, a truncated sequence, and a
	# code point above U+10FFFF.
	for bad in $'a\200b' $'over\300\257long' $'sur\355\240\200' \
		$'f\377f' $'trunc\342\202' $'big\364\220\200\200'; do
		run open --plan business --severity general --subject "$bad"
		expect_rc 2
		expect_err_line
		expect_err_has "subject is not valid UTF-8"
		run calendar add "$bad" --tz UTC
		expect_rc 2
		expect_err_line
		expect_err_has "invalid calendar name (not valid UTF-8)"
		run account add "$bad" --plan business
		expect_rc 2
		expect_err_has "invalid account name (not valid UTF-8)"
		run open --plan business --severity general --subject ok --external-id "$bad"
		expect_rc 2
		expect_err_line
	done
	# Control characters in names.
	for bad in $'new\nline' $'tab\tbed' $'esc\e[31m' $'del\177' $'cr\r'; do
		run account add "$bad" --plan business
		expect_rc 2
		expect_err_line
		expect_err_has "invalid account name (control characters are not allowed)"
		run calendar add "$bad" --tz UTC
		expect_rc 2
		expect_err_has "invalid calendar name (control characters are not allowed)"
		run open --plan business --severity general --subject ok --external-id "$bad"
		expect_rc 2
		expect_err_line
	done
	# Limits: subject 4096 bytes, names 128 bytes; 131,000 bytes refused
	# with a short message.
	local s4096 s4097 n128 n129 huge
	s4096=$(head -c 4096 /dev/zero | tr '\0' s)
	s4097=${s4096}s
	n128=$(head -c 128 /dev/zero | tr '\0' n)
	n129=${n128}n
	huge=$(head -c 131000 /dev/zero | tr '\0' h)
	run open --plan business --severity general --subject "$s4097"
	expect_rc 2
	expect_err_line
	expect_err_has "subject too long (4097 bytes; the limit is 4096)"
	run open --plan business --severity general --subject "$huge"
	expect_rc 2
	expect_err_has "subject too long (131000 bytes; the limit is 4096)"
	run open --plan business --severity general --subject ""
	expect_rc 2
	expect_err_has "empty subject"
	local id
	id=$(sqlite3 -readonly "$CASES_DB" "SELECT lower(hex(uuid)) FROM cases")
	run respond "$id" --note "$huge"
	expect_rc 2
	expect_err_has "the limit is 4096"
	run account add "$n129" --plan business
	expect_rc 2
	expect_err_line
	expect_err_has "(expected 1 to 128 bytes)"
	run calendar add "$huge" --tz UTC
	expect_rc 2
	expect_err_line
	expect_err_has "(expected 1 to 128 bytes)"
	[ "${#err}" -lt 400 ] || fail "message of ${#err} bytes for a huge name"
	run open --plan business --severity general --subject ok --external-id "$huge"
	expect_rc 2
	expect_err_line
	[ "${#err}" -lt 400 ] || fail "message of ${#err} bytes for a huge external id"
	run account add "" --plan business
	expect_rc 2
	expect_eq "$(sqlite3 -readonly "$CASES_DB" .dump | sha256sum)" "$before" \
		"content after the refusals"
	# The limits themselves are accepted.
	run open --plan business --severity general --subject "$s4096"
	expect_rc 0
	run account add "$n128" --plan business
	expect_rc 0
	run calendar add "$n128" --tz UTC
	expect_rc 0
}

test_hostile_values_in_errors_stay_one_line() {
	# Whatever a user types, an error is one line without control
	# characters (they are shown as '?').
	local v
	for v in $'no\nsuch' $'esc\e[2J\e[31m' $'bell\a' $'%n%s%s\n%x'; do
		run account show "$v"
		expect_rc 3
		expect_err_line
		run list --plan "$v"
		expect_rc 3
		expect_err_line
		run calendar show "$v"
		expect_rc 3
		expect_err_line
		run show "$v"
		expect_rc 2
		expect_err_line
		run open --plan business --severity "$v" --subject x
		expect_rc 2
		expect_err_line
		run list --at "$v"
		expect_rc 2
		expect_err_line
		run list --format "$v"
		expect_rc 2
		expect_err_line
		printf '%s' "$err" | LC_ALL=C grep -q $'[\001-\037\177]' &&
			fail "a control character reached stderr"
	done
	run account show $'no\nsuch'
	expect_err_has "unknown account 'no?such'"
}

# no_terminal_controls WHAT: stdin (UTF-8) holds no C0 control but LF, no
# C1 control and no bidirectional override or isolate; and, when given,
# holds the text $2.
no_terminal_controls() {
	python3 -c '
import re, sys
t = sys.stdin.buffer.read().decode("utf-8")
m = re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", t)
if m:
    sys.exit("%s: U+%04X reaches the terminal" % (sys.argv[1], ord(m.group())))
if len(sys.argv) > 2 and sys.argv[2] not in t:
    sys.exit("%s lacks %r" % (sys.argv[1], sys.argv[2]))
' "$@" || fail "$1 lets a terminal control through"
}

test_hostile_c1_and_bidi_shown_as_question_marks() {
	# C1 controls (CSI U+009B, OSC U+009D, ST U+009C: a terminal acts on
	# them like ESC [ and ESC ]) and bidirectional overrides and isolates
	# (which reorder what is shown: "exe.gnp" reads as "pnggexe") are
	# shown as '?' in tables, show, check's text and error lines; csv and
	# JSON keep them byte for byte.
	local s=$'csi \xc2\x9b2J osc \xc2\x9d0;owned\xc2\x9c rlo \xe2\x80\xaegnp.exe lri \xe2\x81\xa6x\xe2\x81\xa9 pdf \xe2\x80\xac end'
	local vis='csi ?2J osc ?0;owned? rlo ?gnp.exe lri ?x? pdf ? end' id
	run open --plan business --severity prod-down --subject "$s" --at 2026-01-05T09:00:00Z
	expect_rc 0
	id=$out
	run respond "$id" --note "$s" --at 2026-01-05T09:30:00Z
	expect_rc 0
	run open --plan business --severity prod-down --subject "$s" --at 2026-01-05T09:00:00Z
	no_terminal_controls list "$vis" < <("$CASES" list --status all)
	no_terminal_controls overdue "$vis" < <("$CASES" overdue --at 2026-01-06T00:00:00Z)
	no_terminal_controls show "subject:     $vis" < <("$CASES" show "$id")
	no_terminal_controls "show's events" "responded        $vis" < <("$CASES" show "$id")
	no_terminal_controls "check text" "$vis" < <("$CASES" check --at 2026-01-06T00:00:00Z)
	# Error lines: a value quoted back.
	run account show "$s"
	expect_rc 3
	expect_err_line
	no_terminal_controls "error line" "'$vis'" < <(printf '%s' "$err")
	run open --plan "$s" --severity general --subject x
	no_terminal_controls "error line of open" < <(printf '%s' "$err")
	# Byte for byte in the formats for programs.
	run list --status all --format csv
	expect_out_has "$s"
	run show "$id" --format json
	printf '%s' "$out" | python3 -c '
import json, sys
c = json.load(sys.stdin)
want = sys.argv[1]
assert c["subject"] == want and c["events"][-1]["detail"] == want, c
' "$s" || fail "json is not byte-faithful"
	# Names are shown raw in more places: they may not hold such characters.
	local n
	for n in $'acme \xc2\x9b31m' $'acme \xe2\x80\xae' $'acme \xe2\x81\xa8x'; do
		run account add "$n" --plan business
		expect_rc 2
		expect_err_has "control characters are not allowed"
		run calendar add "$n" --tz UTC
		expect_rc 2
		run plan add "$n"
		expect_rc 2
	done
}
