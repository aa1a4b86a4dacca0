# t-outfirst.sh - output before commit (issue 11): every command that
# changes the database writes and flushes its output before it commits,
# and when that fails (here: stdout on /dev/full, "No space left on
# device") it exits 1 with the reason and stores nothing, so that a retry
# never duplicates a case, a note or an import.

# run_full ARGS...: `cases ARGS...` with stdout on /dev/full; sets $err, $rc.
run_full() {
	_last="$* >/dev/full"
	out=
	"$CASES" "$@" >/dev/full 2>"$_tmp/stderr" </dev/null
	rc=$?
	err=$(cat "$_tmp/stderr")
}

# expect_full_refused: the last run_full failed as it should.
expect_full_refused() {
	expect_rc 1
	expect_err_line
	expect_err_has "cases: writing output: No space left on device"
}

events_of() {
	sqlite3 "$CASES_DB" "SELECT count(*) FROM event WHERE kind = '$1'"
}

test_outfirst_open_stores_nothing() {
	local f
	run plans
	for f in table json csv jsonl; do
		run_full open --plan business --severity prod-down --subject x \
			--format "$f"
		expect_full_refused
	done
	expect_eq "$(count_cases)" 0 "cases stored"
	expect_eq "$(events_of opened)" 0 "opened events"
	# The retry that a user makes then stores it once.
	run open --plan business --severity prod-down --subject x
	expect_rc 0
	expect_eq "$(count_cases)" 1 "cases stored"
}

test_outfirst_case_actions_store_nothing() {
	local id
	run open --plan business --severity prod-down --subject x --at 2026-11-26T09:00:00Z
	id=$out
	run_full respond "$id" --at 2026-11-26T09:10:00Z
	expect_full_refused
	expect_eq "$(events_of responded)" 0 "responded events"
	run_full escalate "$id" --severity general --at 2026-11-26T09:05:00Z
	expect_full_refused
	expect_eq "$(events_of severity-changed)" 0 "severity changes"
	run_full resolve "$id" --at 2026-11-26T09:20:00Z --format json
	expect_full_refused
	expect_eq "$(events_of resolved)" 0 "resolved events"
	run show "$id" --format json
	expect_out_has '"status":"open"'
	expect_out_has '"severity":"prod-down"'
	# A later note is a write too.
	run respond "$id" --at 2026-11-26T09:10:00Z
	expect_rc 0
	run_full respond "$id" --note "called back" --at 2026-11-26T09:11:00Z
	expect_full_refused
	expect_eq "$(events_of note)" 0 "note events"
	run resolve "$id" --at 2026-11-26T09:20:00Z
	run_full reopen "$id" --at 2026-11-26T09:30:00Z
	expect_full_refused
	expect_eq "$(events_of reopened)" 0 "reopened events"
	run show "$id" --format json
	expect_out_has '"status":"resolved"'
}

test_outfirst_import_stores_nothing() {
	run open --plan business --severity prod-down --subject one --at 2026-11-26T09:00:00Z
	run open --plan business --severity general --subject two --at 2026-11-26T09:00:00Z
	"$CASES" export >all.jsonl
	# Rows without ids: a retry after a failure that had committed would
	# store every row twice.
	sed 's/"id":"[^"]*",//' all.jsonl >noid.jsonl
	rm -f "$CASES_DB" "$CASES_DB-wal" "$CASES_DB-shm"
	run plans
	run_full import noid.jsonl
	expect_full_refused
	expect_eq "$(count_cases)" 0 "cases stored"
	run import noid.jsonl
	expect_rc 0
	expect_out "imported 2 cases"
	expect_eq "$(count_cases)" 2 "cases stored"
}

test_outfirst_plan_account_calendar_store_nothing() {
	run plans
	run_full plan add gold --from business
	expect_full_refused
	run_full calendar add emea --tz Europe/Paris
	expect_full_refused
	run_full account add acme --plan business
	expect_full_refused
	expect_eq "$(sqlite3 "$CASES_DB" "SELECT count(*) FROM plan WHERE name = 'gold'")" 0 "plans"
	expect_eq "$(sqlite3 "$CASES_DB" 'SELECT count(*) FROM calendar')" 0 "calendars"
	expect_eq "$(sqlite3 "$CASES_DB" 'SELECT count(*) FROM account')" 0 "accounts"
	run calendar add emea --tz Europe/Paris
	run account add acme --plan business
	run_full plan set business --severity general --target 2h
	expect_full_refused
	run_full account set acme --plan enterprise
	expect_full_refused
	run_full calendar holiday emea 2026-12-25
	expect_full_refused
	run plans --format csv
	expect_out_lacks "7200"
	run account show acme --format csv
	expect_out_has ",business,"
	run calendar show emea --format json
	expect_out_lacks "2026-12-25"
}

test_outfirst_check_records_nothing_it_could_not_print() {
	make_overdue_cases 30
	local f
	for f in table jsonl json csv; do
		run_full check --at 2026-02-01T00:00:00Z --format "$f"
		expect_full_refused
	done
	expect_eq "$(events_of breached)" 0 "breaches recorded"
	expect_eq "$(sqlite3 "$CASES_DB" 'SELECT count(*) FROM cases WHERE breached_at IS NOT NULL')" 0 "cases marked"
	# The next run that can print records and prints every one of them.
	run check --at 2026-02-01T00:00:00Z
	expect_rc 0
	expect_eq "$(printf '%s\n' "$out" | grep -c '^breached ')" 30 "lines printed"
	expect_eq "$(events_of breached)" 30 "breaches recorded"
}
