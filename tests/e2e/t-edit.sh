# t-edit.sh - corrections (issue 15): edit keeps the old value, delete
# asks on a terminal and needs --yes elsewhere, leaves a line in the
# deletion log, and a deleted number is never given again.

# Run `cases ARGS...` on a pseudo-terminal (stdin, stdout and stderr),
# answer ANSWER to its question (after running $EDIT_MEANWHILE, if set),
# and print what it showed; exits with its status (124 when it ran past
# 20 s).
edit_ask() {
	local answer=$1
	shift
	timeout 30 python3 - "$answer" "$CASES" "$@" <<'PY'
import os, pty, select, subprocess, sys, time
answer, argv = sys.argv[1], sys.argv[2:]
master, slave = pty.openpty()
p = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave,
                     start_new_session=True)
os.close(slave)
seen, sent, end = b"", False, time.time() + 20
while time.time() < end:
    r, _, _ = select.select([master], [], [], 0.2)
    if r:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            chunk = b""
        if not chunk:
            break
        seen += chunk
    if not sent and b"[y/N]" in seen:
        if os.environ.get("EDIT_MEANWHILE"):
            subprocess.run(os.environ["EDIT_MEANWHILE"], shell=True,
                           stdin=subprocess.DEVNULL, timeout=20)
        os.write(master, answer.encode() + b"\n")
        sent = True
    if p.poll() is not None and not r:
        break
else:
    p.kill()
    sys.exit(124)
sys.stdout.write(seen.decode("utf-8", "replace").replace("\r\n", "\n"))
sys.exit(p.wait())
PY
}

edit_fixture() {
	export CASES_NOW=2026-11-26T10:00:00Z
	run open --plan business --severity prod-down --subject "Checkout 502" \
		--at 2026-11-26T09:00:00Z
	run open --plan business --severity general --subject "opened by mistake" \
		--at 2026-11-26T09:30:00Z
	expect_rc 0
}

test_edit_keeps_the_old_value() {
	edit_fixture
	run edit 1 --subject "Checkout returns 503" --as ana --at 2026-11-26T09:45:00Z
	expect_rc 0
	expect_no_err
	run edit 1 --external-id ZD-7 --as ben --at 2026-11-26T09:46:00Z
	expect_rc 0
	run show 1
	expect_out_match "subject: +Checkout returns 503"
	expect_out_match "external id: +ZD-7"
	expect_out_match "edited +subject was: Checkout 502  \(by ana\)"
	expect_out_match "edited +external id was not set  \(by ben\)"
	run show 1 --format json
	expect_out_has '{"at":"2026-11-26T09:45:00Z","event":"edited","detail":"subject was: Checkout 502","by":"ana"}'
	# No deadline moved: due an hour after the opening, as before.
	expect_out_has '"due_at":"2026-11-26T10:00:00Z"'
	# Both at once: one event each.
	run edit 1 --subject "Checkout 503s" --external-id ZD-8
	expect_rc 0
	run show 1
	expect_out_has "subject was: Checkout returns 503"
	expect_out_has "external id was: ZD-7"
}

test_edit_bad_input_changes_nothing() {
	edit_fixture
	run open --plan business --severity general --subject other \
		--external-id ZD-1 --at 2026-11-26T09:40:00Z
	local before
	before=$(db_sum)
	run edit 1
	expect_rc 2
	expect_err_line
	expect_err_has "nothing to change"
	run edit 1 --subject ""
	expect_rc 2
	expect_err_line
	expect_err_has "empty subject"
	run edit 1 --external-id "-x"
	expect_rc 2
	expect_err_line
	run edit 1 --external-id ZD-1
	expect_rc 2
	expect_err_line
	expect_err_has "external id 'ZD-1' belongs to another case"
	run edit 1 --subject "Checkout 502"
	expect_rc 2
	expect_err_has "already has this subject"
	run edit 42 --subject x
	expect_rc 3
	expect_err_line
	run edit 1 --subject x --at 2026-11-26T10:06:00Z
	expect_rc 2
	expect_err_has "in the future"
	expect_eq "$(db_sum)" "$before" "database after bad input"
}

test_delete_needs_yes_without_a_terminal() {
	edit_fixture
	local before
	before=$(db_sum)
	run delete 2
	expect_rc 2
	expect_err_line
	expect_err_has "without --yes"
	run_in "y" delete 2
	expect_rc 2
	expect_err_has "without --yes"
	expect_eq "$(db_sum)" "$before" "database after a refused delete"
	run delete 2 --yes --as ana --at 2026-11-26T09:50:00Z
	expect_rc 0
	expect_out 'deleted case #2 "opened by mistake"'
	run show 2
	expect_rc 3
	expect_err_line
	expect_err_has "case #2 was deleted at 2026-11-26T09:50:00Z by ana"
	run delete 2 --yes
	expect_rc 3
	run delete 99 --yes
	expect_rc 3
	expect_err_has "no case '99'"
	run delete 1 --yes --at 2026-11-26T10:06:00Z
	expect_rc 2
	expect_err_has "in the future"
}

test_delete_asks_on_a_terminal() {
	edit_fixture
	local t
	t=$(edit_ask n delete 2)
	expect_eq "$?" 0 "status after 'n'"
	case "$t" in *'delete case #2 "opened by mistake"'*'[y/N]'*) ;;
	*) fail "no question: $t" ;; esac
	case "$t" in *"not deleted"*) ;; *) fail "not said: $t" ;; esac
	run show 2
	expect_rc 0
	t=$(edit_ask y delete 2 --as ben)
	expect_eq "$?" 0 "status after 'y'"
	case "$t" in *'deleted case #2'*) ;; *) fail "not confirmed: $t" ;; esac
	run show 2
	expect_rc 3
	expect_err_has "by ben"
}

test_delete_number_is_never_reused() {
	edit_fixture
	run delete 2 --yes --at 2026-11-26T09:50:00Z
	expect_rc 0
	run open --plan business --severity general --subject next --format json \
		--at 2026-11-26T09:55:00Z
	expect_rc 0
	expect_out_has '"number":3'
	# Nor by an import that names it.
	run export
	printf '%s\n' "$out" | sed 's/"number":3/"number":2/; s/"id":"[^"]*"/"id":"00000000-0000-4000-8000-000000000002"/' |
		grep '"number":2' >renumbered.jsonl
	run import renumbered.jsonl
	expect_rc 2
	expect_err_has "case number 2 belonged to a deleted case"
	# The log has it, in every format.
	run deleted --format json
	expect_rc 0
	expect_out_has '"number":2'
	expect_out_has '"subject":"opened by mistake"'
	expect_out_has '"deleted_at":"2026-11-26T09:50:00Z"'
	expect_out_has '"opened_at":"2026-11-26T09:30:00Z"'
	expect_out_has '"due_at":"2026-11-27T09:30:00Z"'
	expect_out_has '"plan":"business"'
	run deleted
	expect_out_match '^#  +DELETED'
	expect_out_has "opened by mistake"
}

test_delete_two_at_once() {
	edit_fixture
	run note 2 "a note goes with it"
	local a b
	"$CASES" delete 2 --yes >a.out 2>a.err &
	a=$!
	"$CASES" delete 2 --yes >b.out 2>b.err &
	b=$!
	wait "$a"
	local ra=$?
	wait "$b"
	local rb=$?
	expect_eq "$(printf '%s\n' "$ra" "$rb" | sort | tr '\n' ' ')" "0 3 " "exit statuses"
	cat a.err b.err | grep -q "case #2 was deleted" ||
		fail "the loser does not say it was deleted: $(cat a.err b.err)"
	run deleted --format csv --fields number
	expect_eq "$(printf '%s' "$out" | tr -d '\r')" "number
2" "deletion log"
}

# The question holds no lock: another delete may run while it waits, and
# then "y" finds the case gone (exit 3), saying who deleted it.
test_delete_asks_without_holding_the_database() {
	edit_fixture
	local t
	t=$(EDIT_MEANWHILE="\"$CASES\" delete 2 --yes --as carl >/dev/null" \
		edit_ask y delete 2)
	expect_eq "$?" 3 "status after 'y' to a case deleted meanwhile"
	case "$t" in *"case #2 was deleted at"*"by carl"*) ;;
	*) fail "not said who deleted it: $t" ;; esac
	run deleted --format csv --fields number,deleted_by
	expect_eq "$(printf '%s' "$out" | tr -d '\r')" "number,deleted_by
2,carl" "deletion log"
}
