# t-terminal.sh - every command that prints for people, on a real
# pseudo-terminal (tests/e2e/tty.py: Python's pty with TIOCSWINSZ) of 20 to
# 200 columns, under a timeout: it finishes, and from 60 columns up no line
# is wider than the terminal, in display cells as Python's unicodedata
# counts them (CJK two, combining marks none), not as our code does.

TTY_PY="$CASES_SRC/tests/e2e/tty.py"
TTY_WIDTHS=${TTY_WIDTHS:-20 40 60 80 100 120 200}

# tty_check COLS ARGS...: `cases ARGS` on a terminal COLS wide must exit 0
# with nothing on stderr, and from 60 columns up fit; sets tty_out.
tty_check() {
	local cols=$1 st fit=
	shift
	[ "$cols" -ge 60 ] && fit=--fit
	tty_out=$(python3 -S "$TTY_PY" run $fit "$cols" "${TTY_TIMEOUT:-20}" "$CASES" "$@" 2>"$_tmp/tty.err")
	st=$?
	if [ "$st" != 0 ] || [ -s "$_tmp/tty.err" ]; then
		fail "cases $* on $cols columns: exit $st: $(head -c 400 "$_tmp/tty.err")"
		return 1
	fi
	return 0
}

LONG_SUBJECT="Checkout returns 502 for every customer in eu-west-1 since the deploy of build 4711; the load balancer logs show upstream resets after exactly thirty seconds and retries do not help at all"
CJK_SUBJECT="東京リージョンで決済APIが502を返し続けています。顧客への影響が大きいので至急調査をお願いします"
MARK_SUBJECT=$'Cafe\xcc\x81 de\xcc\x81ja\xcc\x80 vu: re\xcc\x81sume\xcc\x81 of the nai\xcc\x88ve coo\xcc\x88perative\'s long complaint about invoices'
MARK_ACCOUNT=$'Ame\xcc\x81lie\'s Cre\xcc\x80merie International Holdings'
CJK_ACCOUNT="株式会社テスト東京支社システム部"

# Accounts, calendars and cases of every kind, with long and wide text.
tty_fixture() {
	run calendar add "東京営業時間" --tz Asia/Tokyo --hours "mon-fri 09:00-18:00" \
		--holiday 2026-12-28 --holiday 2026-12-29 --holiday 2026-12-30 \
		--holiday 2026-12-31 --holiday 2027-01-01 --holiday 2027-01-02 \
		--holiday 2027-01-03 --holiday 2027-01-11 --holiday 2027-02-11
	expect_rc 0
	run calendar add night-shift --tz America/New_York \
		--hours "sun 17:00-24:00, mon-thu 00:00-24:00, fri 00:00-17:00"
	expect_rc 0
	run account add "$CJK_ACCOUNT" --plan developer --calendar "東京営業時間"
	expect_rc 0
	run account add "$MARK_ACCOUNT" \
		--plan enterprise --calendar night-shift
	expect_rc 0
	run open --account "$CJK_ACCOUNT" --severity system-impaired \
		--subject "$CJK_SUBJECT" --at 2026-11-24T01:00:00Z
	expect_rc 0
	tty_dev=$out
	run open --plan enterprise --severity business-critical \
		--subject "$LONG_SUBJECT" --at 2026-11-26T08:00:00Z
	tty_long=$out
	run open --account "$MARK_ACCOUNT" \
		--severity prod-down --subject "$MARK_SUBJECT" --at 2026-11-26T09:00:00Z
	run open --plan business --severity general --subject "$CJK_SUBJECT$CJK_SUBJECT" \
		--at 2026-11-26T09:30:00Z
	run respond "$tty_long" --at 2026-11-26T09:00:00Z --note "$LONG_SUBJECT"
	expect_rc 0
}

test_terminal_reports_finish_and_fit() {
	tty_fixture
	local w plain
	for w in $TTY_WIDTHS; do
		export CASES_NOW=2026-11-26T10:00:00Z
		tty_check "$w" list || continue
		if [ "$w" -ge 120 ]; then
			case "$tty_out" in *SUBJECT*) ;; *) fail "list on $w: no header: $tty_out" ;; esac
		fi
		tty_check "$w" list --status all
		tty_check "$w" overdue
		plain=$(printf '%s' "$tty_out" | sed 's/\x1b\[[0-9;]*m//g')
		[[ $plain =~ \#[0-9]+\ +-[0-9]+[dhm] ]] || fail "overdue on $w: no case with its time past: $tty_out"
		tty_check "$w" due --within 30d
		tty_check "$w" plans
		tty_check "$w" plan show enterprise
		tty_check "$w" account list
		tty_check "$w" account show "$CJK_ACCOUNT"
		tty_check "$w" calendar list
		tty_check "$w" calendar show "東京営業時間"
		tty_check "$w" report
		tty_check "$w" report --by account
		tty_check "$w" show "$tty_dev"
		tty_check "$w" show "$tty_long"
		tty_check "$w" explain "$tty_dev"
		tty_check "$w" explain "$tty_long"
		tty_check "$w" help
		tty_check "$w" help list
		tty_check "$w" import --help
		tty_check "$w" --help
		unset CASES_NOW
	done
}

test_terminal_changes_finish_and_fit() {
	tty_fixture
	local w id
	printf '{"plan":"business","severity":"prod-down","subject":"%s","opened_at":"2026-11-20T00:00:00Z"}\n' \
		"$CJK_SUBJECT" >"$_tmp/in.jsonl"
	for w in $TTY_WIDTHS; do
		export CASES_NOW=2026-11-26T10:00:00Z
		tty_check "$w" open --plan business --severity prod-down \
			--subject "$CJK_SUBJECT" --at 2026-11-25T00:00:00Z || continue
		# On a terminal: the number and the deadline.
		# (Narrow terminals break the line at its blanks.)
		id=$(printf '%s\n' "$tty_out" | tr '\n' ' ' | sed -n 's/^#\([0-9]*\) opened: business\/prod-down, due .* (.*) $/\1/p')
		case "$id" in
		[0-9]*) ;;
		*) fail "open on $w columns printed '$tty_out'"; continue ;;
		esac
		tty_check "$w" check --warn 50
		case "$tty_out" in *breached*) ;; *) fail "check on $w: nothing: $tty_out" ;; esac
		tty_check "$w" respond "$id" --note "$LONG_SUBJECT $CJK_SUBJECT"
		tty_check "$w" respond "$id" --note "$MARK_SUBJECT"
		tty_check "$w" escalate "$id" --severity system-impaired
		tty_check "$w" resolve "$id"
		tty_check "$w" reopen "$id"
		tty_check "$w" show "$id"
		tty_check "$w" import "$_tmp/in.jsonl"
		unset CASES_NOW
		# Each change was made once: a hang would have left the user
		# to retry it.
		run show "$id" --format json
		local n
		n=$(printf '%s' "$out" | grep -o '"event":"note"' | wc -l)
		expect_eq "$n" 1 "notes of $id on $w columns"
	done
}

test_terminal_cuts_cells_whole() {
	# A cut keeps whole characters and whole graphemes: on 60 to 200
	# columns the table is valid UTF-8, and no combining mark starts a
	# cell.
	tty_fixture
	local w
	for w in 60 63 67 71 75 79; do
		tty_check "$w" list --at 2026-11-26T10:00:00Z || continue
		printf '%s' "$tty_out" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1 ||
			fail "list on $w columns: not valid UTF-8"
		printf '%s\n' "$tty_out" | python3 -c '
import sys, unicodedata
for line in sys.stdin.read().split("\n"):
    for cell in line.split("  "):
        if cell[:1] and unicodedata.combining(cell[0]):
            sys.exit("a cell starts with a combining mark: " + line)
' || fail "list on $w columns: a grapheme was split"
	done
	# Piped, nothing is cut.
	run list --status all
	expect_out_has "$LONG_SUBJECT"
	expect_out_has "$CJK_SUBJECT"
}

# A long event detail in `show` goes on under the detail column, and a
# long subject under its value: the line's last column, not its indent.
test_terminal_show_continues_under_the_column() {
	local rows
	run open --plan business --severity prod-down --subject x \
		--at 2026-11-26T09:00:00Z
	run note 1 "$LONG_SUBJECT" --at 2026-11-26T09:05:00Z --as ana
	expect_rc 0
	run open --plan business --severity prod-down --subject "$LONG_SUBJECT" \
		--at 2026-11-26T09:00:00Z
	for cols in 60 80 100; do
		tty_check "$cols" show 1 || continue
		# The note's detail starts at cell 40 (2 + 19 + 2 + 16 + 1);
		# every row after it starts there too, up to "(by ana)".
		rows=$(printf '%s\n' "$tty_out" | sed -n '/ note /,/(by ana)/p')
		[ "$(printf '%s\n' "$rows" | wc -l)" -ge 2 ] ||
			fail "$cols columns: the note did not wrap: $rows"
		printf '%s\n' "$rows" | tail -n +2 | grep -vqE '^ {40}[^ ]' &&
			fail "$cols columns: a row not under the detail: $rows"
		tty_check "$cols" show 2 || continue
		rows=$(printf '%s\n' "$tty_out" | sed -n '/^subject:/,/^status:/p' | sed '$d')
		[ "$(printf '%s\n' "$rows" | wc -l)" -ge 2 ] ||
			fail "$cols columns: the subject did not wrap"
		printf '%s\n' "$rows" | tail -n +2 | grep -vqE '^ {13}[^ ]' &&
			fail "$cols columns: a subject row not under the value: $rows"
	done
}
