# t-table.sh - tables for people: relative times, width, colour only on a
# terminal (run under script(1) to get a pseudo-terminal).

on_tty() { # COLUMNS COMMAND...: run under a pty of that width
	local cols=$1
	shift
	script -qec "stty cols $cols rows 40; $*" /dev/null </dev/null | tr -d '\r'
}

test_table_relative_times() {
	run open --plan business --severity prod-down --subject late --at 2026-11-26T08:00:00Z
	run open --plan business --severity prod-impaired --subject soon --at 2026-11-26T06:30:00Z
	run open --plan business --severity general --subject later --at 2026-11-26T08:00:00Z
	run list --at 2026-11-26T10:05:00Z
	expect_rc 0
	# Durations unpadded; time left on business-hours clocks is business
	# time (business: 24x7 for prod-down, business hours for general).
	expect_out_match "#1  -1h 5m .*late"
	expect_out_match "#2  in 25m .*soon"
	expect_out_has "later"
	expect_out_match "AGE +DUE \\(UTC\\) +SUBJECT"
	# Not a terminal: no escape sequences at all.
	case "$out" in *$'\033'*) fail "colour in a pipe" ;; esac
}

test_table_colour_on_terminal_only() {
	run open --plan business --severity prod-down --subject late --at 2026-11-26T08:00:00Z
	local o
	o=$(on_tty 200 "$CASES" list --at 2026-11-26T10:05:00Z)
	case "$o" in *$'\033[31m'"-1h 5m"*) ;; *) fail "no red overdue on a terminal: $o" ;; esac
	o=$(on_tty 200 NO_COLOR=1 "$CASES" list --at 2026-11-26T10:05:00Z)
	case "$o" in *$'\033'*) fail "colour despite NO_COLOR" ;; esac
	o=$(on_tty 200 TERM=dumb "$CASES" list --at 2026-11-26T10:05:00Z)
	case "$o" in *$'\033'*) fail "colour despite TERM=dumb" ;; esac
	o=$(on_tty 200 "$CASES" list --color never --at 2026-11-26T10:05:00Z)
	case "$o" in *$'\033'*) fail "colour despite --color never" ;; esac
	# --color always: in a pipe too (watch, less -R).
	run list --color always --at 2026-11-26T10:05:00Z
	case "$out" in *$'\033[31m'"-1h 5m"*) ;; *) fail "no colour with --color always" ;; esac
	NO_COLOR=1 run list --color always --at 2026-11-26T10:05:00Z
	case "$out" in *$'\033[31m'*) ;; *) fail "--color always loses to NO_COLOR" ;; esac
	run list --color sometimes
	expect_rc 2
	expect_err_has "unknown --color 'sometimes' (expected one of: auto, always, never)"
}

test_table_truncates_to_terminal_width() {
	run open --plan business --severity prod-down --at 2026-11-26T08:00:00Z \
		--subject "A very long subject that would never fit on one line of a narrow terminal window at all"
	local o w
	o=$(on_tty 100 NO_COLOR=1 "$CASES" list --at 2026-11-26T08:05:00Z)
	w=$(printf '%s\n' "$o" | wc -L)
	[ "$w" -le 100 ] || fail "a line is $w columns wide on a 100-column terminal: $o"
	case "$o" in *"…"*) ;; *) fail "no ellipsis: $o" ;; esac
	# Piped: never truncated.
	run list --at 2026-11-26T08:05:00Z
	expect_out_has "narrow terminal window at all"
}
