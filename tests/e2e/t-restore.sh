# t-restore.sh - `cases restore FILE`: a checked backup replaces the live
# database atomically, whatever its WAL holds and whoever is reading.

# open_many N PREFIX [PLAN SEVERITY]: N cases, subjects "PREFIX I", in one
# import (one process, one transaction: its pages stay in the WAL).
open_many() {
	local i
	for i in $(seq 1 "$1"); do
		printf '{"plan":"%s","severity":"%s","subject":"%s %d","opened_at":"2026-11-26T09:00:00Z"}\n' \
			"${3:-business}" "${4:-general}" "$2" "$i"
	done >"$_tmp/many.jsonl"
	"$CASES" import "$_tmp/many.jsonl" >/dev/null || fail "import of $1 cases"
}

# ids BACKUP: the case ids a database file holds, sorted.
ids_of() {
	sqlite3 -readonly "$1" 'SELECT lower(hex(uuid)) FROM cases' | sort
}

test_restore_over_a_live_database_with_a_stale_wal() {
	open_many 50 old
	run backup "$PWD/old.db"
	expect_rc 0
	# Recent commits live in cases.db-wal, not in cases.db.
	open_many 30 new
	[ -s "$CASES_DB-wal" ] || fail "no WAL left to go stale"
	run restore "$PWD/old.db"
	expect_rc 0
	expect_no_err
	expect_out ""
	expect_eq "$(count_cases)" 50 "cases after the restore"
	run list --status all --format csv
	expect_out_lacks "new "
	expect_eq "$(sqlite3 "$CASES_DB" 'PRAGMA integrity_check')" ok integrity
	expect_eq "$(sqlite3 "$CASES_DB" 'PRAGMA journal_mode')" wal "journal mode"
	expect_eq "$(sqlite3 "$CASES_DB" 'SELECT count(*) FROM cases')" 50 "cases seen by sqlite3"
	# The restored database is a working one.
	run open --plan business --severity general --subject after
	expect_rc 0
	expect_eq "$(count_cases)" 51 "cases after a new open"
	expect_eq "$(stat -c %a "$CASES_DB")" 600 "mode"
}

test_restore_while_others_read() {
	# Readers during restores see the old database or the new one,
	# complete, never a mixture, never an error.
	local i
	open_many 40 a
	run backup "$PWD/a.db"
	open_many 60 b enterprise prod-down
	run backup "$PWD/b.db"
	ids_of a.db >a.ids
	ids_of b.db >b.ids
	expect_eq "$(wc -l <a.ids)" 40 "cases in a.db"
	expect_eq "$(wc -l <b.ids)" 100 "cases in b.db"
	: >stop
	local r
	for r in 1 2 3 4; do
		(
			n=0
			while [ -e stop ] && [ $n -lt 400 ]; do
				n=$((n + 1))
				if ! "$CASES" list --status all --format csv >"read.$r" 2>"rerr.$r"; then
					echo "reader $r: $(cat "rerr.$r")" >>bad
					continue
				fi
				tail -n +2 "read.$r" | cut -d, -f1 | tr -d '\r-' | sort >"read.$r.ids"
				if ! cmp -s "read.$r.ids" a.ids && ! cmp -s "read.$r.ids" b.ids; then
					echo "reader $r saw $(wc -l <"read.$r.ids") cases, neither a nor b" >>bad
				fi
				cmp -s "read.$r.ids" a.ids && echo a >>"seen.$r"
				cmp -s "read.$r.ids" b.ids && echo b >>"seen.$r"
			done
		) &
	done
	for i in $(seq 1 "${RESTORE_ROUNDS:-6}"); do
		"$CASES" restore "$PWD/a.db" 2>>restore.err || echo "restore a $i failed" >>bad
		"$CASES" restore "$PWD/b.db" 2>>restore.err || echo "restore b $i failed" >>bad
	done
	rm -f stop
	wait
	[ -s bad ] && fail "$(sort -u bad | head -5) $(head -3 restore.err)"
	cat seen.* | sort | uniq -c >seen
	grep -q ' a$' seen || fail "no reader saw the old database: $(cat seen)"
	grep -q ' b$' seen || fail "no reader saw the new database: $(cat seen)"
	expect_eq "$(sqlite3 "$CASES_DB" 'PRAGMA integrity_check')" ok integrity
	expect_eq "$(ids_of "$CASES_DB")" "$(cat b.ids)" "the last restore"
}

test_restore_refuses_bad_files_database_unchanged() {
	local i
	for i in 1 2 3; do
		"$CASES" open --plan business --severity general --subject "keep $i" >/dev/null
	done
	run backup "$PWD/good.db"
	"$CASES" open --plan business --severity general --subject "keep 4" >/dev/null
	local before
	before=$(db_sum)
	# Damaged: pages in the middle overwritten.
	cp good.db corrupt.db
	dd if=/dev/urandom of=corrupt.db bs=4096 seek=3 count=4 conv=notrunc 2>/dev/null
	# Another program's SQLite database; a text file; an empty file.
	sqlite3 other.db 'CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES (1)'
	printf 'not a database at all\n%.0s' $(seq 1 300) >text.db
	: >empty.db
	# Newer than this program.
	cp good.db newer.db
	sqlite3 newer.db 'PRAGMA user_version = 99'
	mkfifo fifo.db
	local f want
	for f in corrupt.db:1:damaged other.db:2:"not a cases database" \
		text.db:2:"not a cases database" empty.db:2:"not a cases database" \
		newer.db:1:"schema version 99" missing.db:1:"cannot read" \
		fifo.db:2:"not a regular file" "$CASES_DB":2:"the database itself"; do
		want=${f#*:}
		_last="restore ${f%%:*} (timeout 20)"
		out=$(timeout 20 "$CASES" restore "${f%%:*}" 2>"$_tmp/stderr" </dev/null)
		rc=$?
		err=$(cat "$_tmp/stderr")
		expect_rc "${want%%:*}"
		expect_err_line
		expect_err_has "${want#*:}"
		expect_eq "$(db_sum)" "$before" "database after restoring ${f%%:*}"
	done
	run restore
	expect_rc 2
	expect_eq "$(count_cases)" 4 "cases"
	expect_eq "$(sqlite3 "$CASES_DB" 'PRAGMA integrity_check')" ok integrity
}

test_restore_older_backup_is_migrated() {
	# A backup made by an older cases (schema version 2: the first two
	# migrations) is restored, then migrated like a database on first use.
	sqlite3 old.db <"$CASES_SRC/sql/001-schema.sql" &&
		sqlite3 old.db <"$CASES_SRC/sql/002-seed-plans.sql" &&
		sqlite3 old.db 'PRAGMA user_version = 2' || fail "making old.db"
	run open --plan business --severity general --subject "to be replaced"
	run restore "$PWD/old.db"
	expect_rc 0
	local want
	want=$(ls "$CASES_SRC"/sql/[0-9][0-9][0-9]-*.sql | wc -l)
	expect_eq "$(sqlite3 "$CASES_DB" 'PRAGMA user_version')" "$want" "schema version"
	expect_eq "$(count_cases)" 0 "cases"
	run open --plan business --severity general --subject "on the restored one"
	expect_rc 0
	run list --format csv
	expect_out_has "on the restored one"
}
