# t-docs.sh - the man page (contrib/man/cases.1) and the bash completion
# (contrib/bash-completion/cases) against the program they describe.

docs_man() {
	printf '%s/../../contrib/man/cases.1' "$here"
}

docs_completion() {
	printf '%s/../../contrib/bash-completion/cases' "$here"
}

# The commands of `cases help`, one per line.
docs_commands() {
	"$CASES" help | awk '/^commands:/ { on = 1; next }
		on && /^$/ { exit }
		on && /^  [a-z]/ { print $1 }'
}

# Print the commands of `cases help` that have no entry in man page $1: a
# .TP tag starting with the command name in bold.
docs_man_missing_commands() {
	local cmd
	for cmd in $(docs_commands); do
		awk -v cmd="$cmd" '
			prev == ".TP" && index($0, "\\fB" cmd) == 1 {
				rest = substr($0, length(cmd) + 4)
				if (rest == "" || rest ~ /^[ \\]/)
					found = 1
			}
			{ prev = $0 }
			END { exit !found }' "$1" || echo "$cmd"
	done
}

test_docs_man_has_no_groff_warnings() {
	local man
	man=$(docs_man)
	command -v groff >/dev/null ||
		{ fail "groff is not installed (Debian package groff-base)"; return; }
	_last="(groff -man -ww -z contrib/man/cases.1)"
	out=$(groff -man -ww -z "$man" 2>&1)
	rc=$?
	expect_rc 0
	expect_eq "$out" "" "groff warnings"
	if command -v man >/dev/null; then
		out=$(MANWIDTH=80 man --warnings -l "$man" 2>&1 >/dev/null)
		expect_eq "$out" "" "man --warnings"
	fi
}

test_docs_man_documents_every_command() {
	local man missing cmd
	_last="(checks of contrib/man/cases.1)"
	man=$(docs_man)
	# The list is read right (or this test would pass on nothing).
	expect_eq "$(docs_commands | grep -cx -e open -e check -e explain -e help)" 4 \
		"open, check, explain and help in cases help"
	missing=$(docs_man_missing_commands "$man")
	expect_eq "$missing" "" "commands missing from the man page"
	# The bulk commands of docs/formats.md 7 and 8, and backup and restore
	# (docs/storage.md 8), are there too.
	for cmd in report export import backup restore; do
		grep -q "^\\\\fB$cmd" "$man" || fail "man page lacks $cmd"
	done
	# The check can fail: drop the check entry from a copy.
	sed '/^\\fBcheck\\fR/,+1d' "$man" >mutant.1
	expect_eq "$(docs_man_missing_commands mutant.1)" "check" \
		"a man page without check"
}

test_docs_man_documents_every_option() {
	local man cmd opt missing=
	man=$(docs_man)
	for cmd in $(docs_commands); do
		run "$cmd" --help
		expect_rc 0
		for opt in $(printf '%s\n' "$out" | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u); do
			grep -qF -- "$(printf '%s' "$opt" | sed 's/-/\\-/g')" "$man" ||
				missing="$missing $cmd:$opt"
		done
	done
	expect_eq "$missing" "" "options missing from the man page"
}

test_docs_man_version_is_the_programs() {
	local th
	run --version
	expect_rc 0
	th=$(grep '^\.TH ' "$(docs_man)" | grep -oE '"cases [^"]*"' | tr -d '"')
	expect_eq "$th" "$out" ".TH version"
}

test_docs_man_sections() {
	local s man
	_last="(checks of contrib/man/cases.1)"
	man=$(docs_man)
	for s in NAME SYNOPSIS DESCRIPTION COMMANDS '"DEADLINE RULES"' \
		'"TIME AND DURATION"' '"OUTPUT FORMATS"' '"EXIT STATUS"' \
		ENVIRONMENT FILES EXAMPLES; do
		grep -qx "\.SH $(printf '%s' "$s" | tr -d '"')" "$man" ||
			fail "no section $s"
	done
	for s in CASES_DB CASES_NOW TZ TZDIR XDG_DATA_HOME HOME NO_COLOR; do
		grep -qx "\.B $s" "$man" || fail "ENVIRONMENT lacks $s"
	done
	grep -qF '* * * * * cases check \-\-warn 80 \-\-exec /usr/local/bin/page\-oncall' \
		"$man" || fail "no cron example"
	grep -qF 'cases\-check.timer' "$man" || fail "no systemd timer"
}

# Complete the words given (the last is the one under the cursor, "" for
# a new word) as bash would for `cases WORDS...`; the replies, one per line,
# in the order offered, go to $out.
docs_complete() {
	out=$(bash -c '
		. "$1" || exit 1
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE="${COMP_WORDS[*]}"
		COMP_POINT=${#COMP_LINE}
		_cases 2>/dev/null
		printf "%s\n" "${COMPREPLY[@]}"
	' _ "$(docs_completion)" "$CASES" "$@" </dev/null)
	rc=$?
	_last="TAB in: cases $*"
	out=$(printf '%s\n' "$out" | grep .)
}

test_docs_completion_registers() {
	_last="(. contrib/bash-completion/cases)"
	bash -c '. "$1" && complete -p cases' _ "$(docs_completion)" >out 2>&1
	expect_eq "$(cat out)" "complete -F _cases cases" "complete -p cases"
}

test_docs_completion_commands() {
	local want
	docs_complete re
	expect_rc 0
	want=$(docs_commands | grep '^re' | sort)
	expect_eq "$(printf '%s\n' "$out" | sort)" "$want" "commands from 're'"
	expect_out_has respond
	expect_out_has resolve
	expect_out_has reopen
	docs_complete ""
	expect_eq "$out" "$(docs_commands)" "all commands"
	docs_complete --d
	expect_out "--db"
	docs_complete help es
	expect_out "escalate"
	docs_complete plan s
	expect_eq "$(printf '%s\n' "$out" | sort | tr '\n' ' ')" "set show " "plan actions"
}

test_docs_completion_options() {
	docs_complete open --sev
	expect_out "--severity"
	docs_complete due --wi
	expect_out "--within"
	docs_complete check --
	expect_out_has "--warn"
	expect_out_has "--exec"
	expect_out_has "--hook-timeout"
	expect_out_has "--at"
	expect_out_has "--format"
	expect_out_lacks "--severity"
	docs_complete plan set premium --de
	expect_out "--deny"
}

test_docs_completion_fixed_values() {
	docs_complete open --severity prod
	expect_eq "$(printf '%s\n' "$out" | sort | tr '\n' ' ')" \
		"prod-down prod-impaired production-down production-impaired " \
		"--severity prod"
	docs_complete open --severity ""
	expect_eq "$(printf '%s\n' "$out" | grep -c .)" 14 "severity names and aliases"
	expect_out_has business-critical
	expect_out_has urgent
	# bash splits --severity=prod at the '=' (COMP_WORDBREAKS).
	docs_complete escalate 12345678 --severity = bus
	expect_eq "$(printf '%s\n' "$out" | sort | tr '\n' ' ')" \
		"business-critical business-down " "--severity=bus"
	docs_complete list --status r
	expect_eq "$(printf '%s\n' "$out" | sort | tr '\n' ' ')" \
		"resolved responded " "--status r"
	docs_complete overdue --format j
	expect_eq "$(printf '%s\n' "$out" | sort | tr '\n' ' ')" "json jsonl " "--format j"
	docs_complete open --category t
	expect_eq "$(printf '%s\n' "$out" | sort | tr '\n' ' ')" \
		"technical third-party " "--category t"
	docs_complete open --channel ""
	expect_eq "$(printf '%s\n' "$out" | sort | tr '\n' ' ')" \
		"api chat console email phone " "--channel"
	docs_complete plan set p --severity general --clock ""
	expect_eq "$(printf '%s\n' "$out" | sort | tr '\n' ' ')" "24x7 business " "--clock"
	# The bulk commands complete once the binary has them.
	"$CASES" help report >/dev/null 2>&1 || return 0
	docs_complete report --by s
	expect_out "severity"
	docs_complete import --format ""
	expect_eq "$(printf '%s\n' "$out" | sort | tr '\n' ' ')" "aws csv jsonl " \
		"import --format"
	docs_complete export --format=""
	expect_eq "$(printf '%s\n' "$out" | sort | tr '\n' ' ')" "csv jsonl " \
		"export --format"
}

test_docs_completion_files() {
	: >notes.jsonl
	if "$CASES" help import >/dev/null 2>&1; then
		docs_complete import --format jsonl no
		expect_out "notes.jsonl"
	fi
	docs_complete backup notes
	expect_out "notes.jsonl"
	docs_complete restore notes
	expect_out "notes.jsonl"
	docs_complete --db no
	expect_out "notes.jsonl"
}

test_docs_completion_time_zones() {
	docs_complete open --tz Europe/Lon
	expect_out "Europe/London"
	docs_complete account add acme --plan business --tz Eur
	expect_out "Europe/"
	docs_complete calendar add uk --tz = America/New_Y
	expect_out "America/New_York"
	docs_complete open --tz ""
	expect_out_has "UTC"
	expect_out_lacks "zone.tab"
	expect_out_lacks "posix"
}

test_docs_completion_plans_accounts_calendars() {
	run plan add premium --from business
	expect_rc 0
	run calendar add uk --tz Europe/London
	run account add acme --plan premium --calendar uk
	expect_rc 0
	docs_complete open --plan pr
	expect_out "premium"
	docs_complete open --plan ""
	expect_eq "$(printf '%s\n' "$out" | tr '\n' ' ')" \
		"basic developer business enterprise premium " "--plan"
	docs_complete plan show ""
	expect_out_has premium
	docs_complete plan add gold --from b
	expect_eq "$(printf '%s\n' "$out" | tr '\n' ' ')" "basic business " "--from b"
	docs_complete open --account ""
	expect_out "acme"
	docs_complete account show a
	expect_out "acme"
	docs_complete open --calendar ""
	expect_out "uk"
	docs_complete calendar holiday u
	expect_out "uk"
}

test_docs_completion_honours_db_on_the_line() {
	run --db other.db plan add gold
	expect_rc 0
	docs_complete open --plan g
	expect_out ""
	docs_complete --db other.db open --plan g
	expect_out "gold"
	docs_complete open --db other.db --plan g
	expect_out "gold"
	docs_complete open --db=other.db --plan g
	expect_out "gold"
	docs_complete --db = other.db open --plan g
	expect_out "gold"
}

test_docs_completion_default_database() {
	mkdir -p xdg
	XDG_DATA_HOME=$PWD/xdg CASES_DB= "$CASES" plan add silver >/dev/null ||
		fail "plan add silver"
	"$CASES" --db "$HOME/.local/share/cases/cases.db" plan add bronze \
		>/dev/null || fail "plan add bronze"
	XDG_DATA_HOME=$PWD/xdg CASES_DB= docs_complete open --plan s
	expect_out "silver"
	CASES_DB= docs_complete open --plan b
	expect_eq "$(printf '%s\n' "$out" | tr '\n' ' ')" \
		"basic business bronze " "plans in \$HOME/.local/share"
	# A relative XDG_DATA_HOME is ignored, as the program does.
	XDG_DATA_HOME=xdg CASES_DB= docs_complete open --plan s
	expect_out ""
}

test_docs_completion_never_creates_a_database() {
	CASES_DB=$PWD/none/cases.db docs_complete open --plan ""
	expect_out ""
	[ ! -e none ] || fail "completion created $PWD/none"
	docs_complete --db nothere.db show ""
	expect_out ""
	[ ! -e nothere.db ] || fail "completion created nothere.db"
}

test_docs_completion_case_ids() {
	local a b c
	run open --plan business --severity general --subject a --at 2026-11-26T09:00:00Z
	a=$out
	run open --plan business --severity general --subject b --at 2026-11-26T10:00:00Z
	b=$out
	run open --plan business --severity general --subject c --at 2026-11-26T11:00:00Z
	c=$out
	run resolve "$c" --at 2026-11-26T12:00:00Z
	expect_rc 0
	# Numbers with their subjects: unresolved first (most urgent
	# first), then resolved.
	docs_complete show ""
	expect_eq "$(printf '%s\n' "$out" | tr '\n' '|')" "1  a|2  b|3  c|" "numbers"
	# One left: the number alone, ready to run.
	docs_complete show "3"
	expect_out "3"
	run open --plan business --severity general --subject "ten, with \"quotes\"" --at 2026-11-26T08:00:00Z
	for i in 5 6 7 8 9 10; do run open --plan business --severity general --subject "n$i"; done
	docs_complete resolve "1"
	expect_eq "$(printf '%s\n' "$out" | tr '\n' '|')" "1  a|10  n10|" "numbers starting 1"
	docs_complete resolve ""
	expect_out_has '4  ten, with "quotes"'
	# Ids still complete from their hex digits.
	docs_complete show "${b:0:9}"
	expect_out "$b"
	# Digits that start no number complete to the ids they start.
	local d="" x
	for x in "$a" "$b" "$c"; do [[ ${x:0:3} =~ ^[0-9]+$ && ${x:0:3} != 1* ]] && d=$x; done
	if [ -n "$d" ]; then
		docs_complete show "${d:0:3}"
		expect_out_has "$d"
		printf '%s\n' "$out" | grep -qv "^${d:0:3}" && fail "an id not starting ${d:0:3}"
	fi
	docs_complete respond "${a:0:4}"
	expect_out_has "$a"
	printf '%s\n' "$out" | grep -qv "^${a:0:4}" && fail "an id not starting ${a:0:4}"
	docs_complete reopen "$(printf '%s' "${c:0:9}")"
	expect_out "$c"
	docs_complete explain "${b:0:9}"
	expect_out "$b"
	# Only the first operand is an id.
	docs_complete show "$a" ""
	expect_out ""
}
