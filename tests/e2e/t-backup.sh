# t-backup.sh - `cases backup`: a consistent copy while others write.

test_backup_while_writing() {
	run plans
	local i
	for i in 1 2; do
		(for j in $(seq 1 40); do
			"$CASES" open --plan business --severity general --subject "w$i-$j" >/dev/null || echo fail >>failures
		done) &
	done
	sleep 0.3
	run backup "$PWD/copy.db"
	expect_rc 0
	wait
	[ -s failures ] && fail "a writer failed during the backup"
	expect_eq "$(stat -c %a copy.db)" 600 "backup mode"
	expect_eq "$(sqlite3 copy.db 'PRAGMA integrity_check')" ok "backup integrity"
	local n
	n=$("$CASES" --db "$PWD/copy.db" list --status all --format csv | tail -n +2 | grep -c . || true)
	[ "$n" -le 80 ] || fail "backup holds $n cases"
	expect_eq "$(count_cases)" 80 "live cases"
	# Every case in the copy has its opened event: a consistent snapshot.
	expect_eq "$(sqlite3 copy.db "SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM event e WHERE e.case_id = c.id AND e.kind = 'opened')")" 0 "cases without events"
}

test_backup_refuses_existing_file() {
	run plans
	echo precious >existing
	run backup "$PWD/existing"
	expect_rc 2
	expect_err_line
	expect_err_has "already exists"
	expect_eq "$(cat existing)" precious "existing file"
	run backup /nonexistent-dir/x.db
	expect_rc 1
	expect_err_line
	run backup
	expect_rc 2
}
