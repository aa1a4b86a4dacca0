# t-store.sh - the database: creation, mode, schema version, concurrency.

test_db_created_with_folder_mode_0600() {
	export CASES_DB="$PWD/deep/er/cases.db"
	(umask 000 && "$CASES" plans >/dev/null) || fail "plans on a new db"
	[ -f "$CASES_DB" ] || fail "database not created"
	expect_eq "$(stat -c %a "$CASES_DB")" 600 "database mode"
	expect_eq "$(stat -c %a "$PWD/deep/er")" 700 "folder mode"
	(umask 000 && "$CASES" open --plan business --severity general --subject x >/dev/null)
	for f in "$CASES_DB"-wal "$CASES_DB"-shm; do
		[ -e "$f" ] && expect_eq "$(stat -c %a "$f")" 600 "mode of $f"
	done
	expect_eq "$(sqlite3 "$CASES_DB" 'PRAGMA journal_mode')" wal "journal mode"
}

test_db_path_precedence() {
	unset CASES_DB
	export HOME="$PWD/home"
	run open --plan business --severity general --subject home
	expect_rc 0
	[ -f "$HOME/.local/share/cases/cases.db" ] || fail "XDG default not used"
	export XDG_DATA_HOME="$PWD/xdg"
	run open --plan business --severity general --subject xdg
	[ -f "$PWD/xdg/cases/cases.db" ] || fail "XDG_DATA_HOME not used"
	export CASES_DB="$PWD/env.db"
	run open --plan business --severity general --subject env
	[ -f "$PWD/env.db" ] || fail "CASES_DB not used"
	run --db "$PWD/flag.db" open --plan business --severity general --subject flag
	[ -f "$PWD/flag.db" ] || fail "--db not used"
	run list --db "$PWD/flag.db" --format csv
	expect_out_has flag
	expect_out_lacks env
}

test_newer_schema_refused_untouched() {
	run plans
	expect_rc 0
	sqlite3 "$CASES_DB" 'PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE; PRAGMA user_version=99;' >/dev/null
	local before
	before=$(sha256sum "$CASES_DB")
	run open --plan business --severity general --subject x
	expect_rc 1
	expect_err_line
	expect_err_has "schema version 99"
	run list
	expect_rc 1
	expect_eq "$(sha256sum "$CASES_DB")" "$before" "database bytes"
	[ -e "$CASES_DB-wal" ] && fail "a WAL was created"
	true
}

test_not_a_database() {
	printf 'this is not a database, just text\n%.0s' $(seq 1 200) >"$CASES_DB"
	local before
	before=$(sha256sum "$CASES_DB")
	run list
	expect_rc 1
	expect_err_line
	expect_err_has "not a cases database"
	expect_eq "$(sha256sum "$CASES_DB")" "$before" "file bytes"
}

test_migrated_schema_version() {
	run plans
	# One schema version per migration file in sql/.
	local want
	want=$(ls "$CASES_SRC"/sql/[0-9][0-9][0-9]-*.sql | wc -l)
	[ "$want" -ge 3 ] || fail "found $want migrations in $CASES_SRC/sql"
	expect_eq "$(sqlite3 "$CASES_DB" 'PRAGMA user_version')" "$want" "user_version"
	expect_eq "$(sqlite3 "$CASES_DB" 'PRAGMA foreign_key_check' | wc -l)" 0 "foreign keys"
}

test_four_writers_lose_nothing() {
	run plans
	local i
	for i in 1 2 3 4; do
		(
			for j in $(seq 1 50); do
				"$CASES" open --plan business --severity general --subject "w$i-$j" >/dev/null ||
					echo "writer $i case $j failed" >>"$PWD/failures"
			done
		) &
	done
	wait
	[ -s "$PWD/failures" ] && fail "$(cat "$PWD/failures")"
	expect_eq "$(count_cases)" 200 "cases"
	expect_eq "$("$CASES" list --status all --format csv | tail -n +2 | cut -d, -f1 | sort -u | wc -l)" 200 "distinct ids"
	expect_eq "$(sqlite3 "$CASES_DB" 'PRAGMA integrity_check')" ok "integrity"
}

test_failed_command_writes_nothing() {
	run open --plan business --severity general --subject keep
	local before
	before=$(sqlite3 "$CASES_DB" 'SELECT count(*) FROM cases; SELECT count(*) FROM event')
	run open --plan business --severity business-critical --subject no
	expect_rc 2
	run open --plan business --severity general --subject no --channel pigeon
	expect_rc 2
	run open --plan business --severity general --subject no --calendar nocal
	expect_rc 3
	run open --plan business --severity general --subject no --tz Mars/Olympus
	expect_rc 2
	expect_eq "$(sqlite3 "$CASES_DB" 'SELECT count(*) FROM cases; SELECT count(*) FROM event')" "$before" "rows"
}

# 008 (issue 16): a database of the schema before it gains the page
# indexes, keys' name and email, and event.customer, set on the notes that
# 007's rule called the customer's (author = the case's account's name).
test_migration_008_marks_the_customers_notes() {
	run account add acme --plan business
	run open --account acme --severity general --subject s --at 2026-11-26T09:00:00Z
	local id
	id=$(printf '%s' "$out" | head -1)
	run note "$id" "desk" --as Ana --at 2026-11-26T09:10:00Z
	run note "$id" "customer" --as acme --at 2026-11-26T09:20:00Z
	# Back to the schema before 008 (its position in sql/meson.build's
	# list), 009, which came after it, undone first.
	local before
	before=$(store_migration_index 008)
	before=$((before - 1))
	store_undo_010 || fail "could not undo 010"
	store_undo_009 || fail "could not undo 009"
	sqlite3 "$CASES_DB" "DROP INDEX cases_account; DROP INDEX cases_account_active;
		ALTER TABLE event DROP COLUMN customer; ALTER TABLE keys DROP COLUMN name;
		ALTER TABLE keys DROP COLUMN email; PRAGMA user_version = $before;" ||
		fail "could not undo 008"
	run list
	expect_rc 0
	expect_eq "$(sqlite3 "$CASES_DB" "SELECT group_concat(detail || ':' || coalesce(customer, '-'), ' ') FROM (SELECT detail, customer FROM event WHERE kind = 'note' ORDER BY id)")" \
		"desk:- customer:1" "notes marked"
	expect_eq "$(sqlite3 "$CASES_DB" "SELECT count(*) FROM sqlite_master WHERE name IN ('cases_account', 'cases_account_active')")" 2 "indexes"
	expect_eq "$(sqlite3 "$CASES_DB" 'PRAGMA integrity_check')" ok "integrity_check"
}

# The position (1-based) of migration NNN in sql/meson.build's list: the
# schema version it brings.
store_migration_index() {
	grep -oE "'[0-9]{3}-[^']*\.sql'" "$CASES_SRC/sql/meson.build" | sed -n "/'$1-/="
}

# Take $CASES_DB back to the schema before 010 (the calendars' history).
store_undo_010() {
	sqlite3 "$CASES_DB" "DROP TABLE calendar_hist;"
}

# Take $CASES_DB back to the schema before 009 (the objects it made or
# changed; the version is the caller's to set).
store_undo_009() {
	sqlite3 "$CASES_DB" "DROP TRIGGER cases_number_not_reused; DROP TABLE case_deleted;
		DROP TRIGGER event_no_delete;
		CREATE TRIGGER event_no_delete BEFORE DELETE ON event
			WHEN NOT (OLD.kind = 'responded' AND OLD.hook IS NULL
				AND (SELECT external_id FROM cases WHERE id = OLD.case_id)
					IS NOT NULL)
		BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
		DROP INDEX cases_unanswered;
		CREATE INDEX cases_unanswered ON cases (due_at, opened_at, uuid,
			plan_id, severity, category, channel, account_id, external_id,
			subject, plan_ver, cal_ver, target_s, clock, breached_at,
			warned_at, first_response_at, resolved_at)
			WHERE first_response_at IS NULL AND resolved_at IS NULL
			AND due_at IS NOT NULL;
		ALTER TABLE cases DROP COLUMN assignee;
		PRAGMA writable_schema = ON;
		UPDATE sqlite_schema SET sql = replace(sql, char(10) || char(9)
			|| char(9) || 'OR kind = ''assigned'' OR kind = ''edited''', '')
		WHERE type = 'table' AND name = 'event';
		PRAGMA writable_schema = RESET;"
}

# 009 (issue 15) on a database of the schema before it (008 applied):
# the assignee column, the two new event kinds, the deletion log; the
# events already there are kept and the index overdue reads is rebuilt.
test_migration_009_on_the_schema_before_it() {
	run open --plan business --severity prod-down --subject s --at 2026-11-26T09:00:00Z
	run note 1 "before 009" --at 2026-11-26T09:10:00Z
	local before
	before=$(store_migration_index 009)
	store_undo_010 || fail "could not undo 010"
	store_undo_009 || fail "could not undo 009"
	sqlite3 "$CASES_DB" "PRAGMA user_version = $((before - 1))"
	sqlite3 "$CASES_DB" "INSERT INTO event (case_id, at, kind) VALUES (1, 0, 'assigned')" 2>/dev/null &&
		fail "the schema before 009 took an 'assigned' event"
	run assign 1 ana --at 2026-11-26T09:20:00Z
	expect_rc 0
	run edit 1 --subject t --at 2026-11-26T09:21:00Z
	expect_rc 0
	run show 1
	expect_out_has "before 009"
	run overdue --at 2026-11-26T10:00:01Z --format csv --fields number,assignee
	expect_eq "$(printf '%s' "$out" | tr -d '\r')" "number,assignee
1,ana" "overdue after the migration"
	run delete 1 --yes
	expect_rc 0
	run open --plan business --severity general --subject u --format json
	expect_out_has '"number":2'
	expect_eq "$(sqlite3 "$CASES_DB" 'PRAGMA integrity_check')" ok "integrity_check"
	expect_eq "$(sqlite3 "$CASES_DB" "SELECT count(*) FROM event WHERE case_id = 1")" 0 "events of the deleted case"
}
