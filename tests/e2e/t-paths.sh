# t-paths.sh - a database path is a file name, nothing else (never an
# SQLite URI, never ":memory:"), and what cases creates has its modes
# whatever the umask: folders 0700, the database and its side files 0600.

test_db_path_file_uri_is_a_file_name() {
	# 8 writers on a path SQLite would read as a URI with nolock=1:
	# every acknowledged open is stored, in a file of exactly that name.
	local db='file:x.db?nolock=1' i
	for i in 1 2 3 4 5 6 7 8; do
		(
			for j in 1 2 3 4 5 6 7 8 9 10; do
				"$CASES" --db "$db" open --plan business --severity general \
					--subject "w$i-$j" >>"acked.$i" 2>>errors || true
			done
		) &
	done
	wait
	local acked
	acked=$(cat acked.* | sort -u | wc -l)
	[ "$acked" -gt 0 ] || fail "no open was acknowledged: $(head -3 errors)"
	[ -f "$db" ] || fail "no file named '$db': $(ls)"
	[ -e x.db ] && fail "x.db was created: the path was read as a URI"
	expect_eq "$(stat -c %a "$db")" 600 "mode of '$db'"
	expect_eq "$(sqlite3 "./$db" 'PRAGMA integrity_check')" ok "integrity"
	expect_eq "$(sqlite3 "./$db" 'SELECT count(*) FROM cases')" "$acked" "stored opens"
	run --db "$db" list --status all --format csv
	expect_eq "$(printf '%s\n' "$out" | tail -n +2 | grep -c .)" "$acked" "listed opens"
}

test_db_path_memory_names_are_files() {
	local db
	for db in ':memory:' 'file:m.db?mode=memory' 'file::memory:?cache=shared' ''; do
		[ -z "$db" ] && continue
		run --db "$db" open --plan business --severity general --subject kept
		expect_rc 0
		[ -f "$db" ] || fail "no file named '$db'"
		expect_eq "$(stat -c %a "$db")" 600 "mode of '$db'"
		run --db "$db" list --format csv
		expect_out_has kept
	done
	# $CASES_DB too.
	CASES_DB=':memory:' run list
	expect_rc 0
	CASES_DB='file:e.db?mode=memory' run open --plan business --severity general --subject env
	expect_rc 0
	[ -f 'file:e.db?mode=memory' ] || fail "\$CASES_DB was read as a URI"
	# An empty path is refused.
	run --db '' list
	expect_rc 2
	expect_err_line
	# Backups: the file name, not a URI.
	run --db ':memory:' backup 'file:b.db?mode=memory'
	expect_rc 0
	[ -f 'file:b.db?mode=memory' ] || fail "backup was written elsewhere: $(ls)"
	expect_eq "$(sqlite3 './file:b.db?mode=memory' 'SELECT subject FROM cases')" kept "backup content"
	expect_eq "$(stat -c %a 'file:b.db?mode=memory')" 600 "backup mode"
}

# modes_under UMASK: a new database in new folders, and a second run.
modes_under() {
	local db="$PWD/u$1/a/b/cases.db"
	(umask "$1" && "$CASES" --db "$db" open --plan business --severity general \
		--subject "umask $1" >/dev/null 2>"$PWD/err$1") ||
		fail "umask $1: first run: $(cat "$PWD/err$1")"
	(umask "$1" && "$CASES" --db "$db" list >/dev/null 2>"$PWD/err$1") ||
		fail "umask $1: second run: $(cat "$PWD/err$1")"
	local d
	for d in "$PWD/u$1" "$PWD/u$1/a" "$PWD/u$1/a/b"; do
		expect_eq "$(stat -c %a "$d")" 700 "umask $1: mode of ${d#$PWD/}"
	done
	for d in "$db" "$db-wal" "$db-shm"; do
		[ -e "$d" ] && expect_eq "$(stat -c %a "$d")" 600 "umask $1: mode of ${d#$PWD/}"
	done
	(umask "$1" && "$CASES" --db "$db" backup "$PWD/u$1/a/backup.db" 2>"$PWD/err$1") ||
		fail "umask $1: backup: $(cat "$PWD/err$1")"
	expect_eq "$(stat -c %a "$PWD/u$1/a/backup.db")" 600 "umask $1: backup mode"
}

test_db_modes_whatever_the_umask() {
	modes_under 0277
	modes_under 0
	modes_under 0022
}

test_db_dangling_symlink() {
	# A symbolic link to a database that does not exist yet: its target
	# is created, mode 0600, and used (as cp or an editor would).
	mkdir store
	ln -s "$PWD/store/real.db" link.db
	(umask 0022 && "$CASES" --db link.db open --plan business --severity general \
		--subject via-link >/dev/null 2>err) || fail "dangling link: $(cat err)"
	[ -L link.db ] || fail "the link was replaced"
	[ -f store/real.db ] || fail "the target was not created"
	expect_eq "$(stat -c %a store/real.db)" 600 "mode of the target"
	expect_eq "$(sqlite3 store/real.db 'SELECT subject FROM cases')" via-link "content"
	# A link into a folder that does not exist: one clear line.
	ln -s "$PWD/nowhere/real.db" bad.db
	run --db bad.db list
	expect_rc 1
	expect_err_line
	expect_err_has "bad.db"
	[ -e nowhere ] && fail "created a folder through the link"
	true
}
