# t-faults.sh - crash safety and faults: `check` killed with SIGKILL in the
# middle of thousands of breaches, a full disk, a read-only file and folder,
# a database locked past the busy timeout, damaged and foreign files. Each
# fault gives one `cases:` line and exit 1, writes nothing, and a later run
# on a healthy file works.
#
# The disk-full and read-only tests mount a tmpfs or a read-only bind mount
# inside a private mount namespace (unshare -m), so the mounts vanish with
# it whatever happens. That needs root; as another user the read-only tests
# use file modes instead, and the disk-full test says it was skipped.

# The logical content of the database (read-only: no checkpoint on close).
db_dump() {
	sqlite3 -readonly "$CASES_DB" .dump | sha256sum | cut -d" " -f1
}

db_query() {
	sqlite3 -readonly "$CASES_DB" "$1"
}

# Can this test mount file systems in a mount namespace of its own?
have_mount_ns() {
	[ "$(id -u)" = 0 ] && unshare -m --propagation private true 2>/dev/null
}

# in_mount_ns FUNC: run FUNC (a function of this file) in a private mount
# namespace, in the test's folder; its failures are this test's. The
# suite's functions go through a file: as one argument they would pass the
# kernel's 128 KiB limit on a single argument.
in_mount_ns() {
	declare -f >"$_tmp/.functions"
	unshare -m --propagation private bash -c "
		. \"\$1\"
		$(declare -p _tmp _test)
		_failed=0
		cd \"\$_tmp\" || exit 4
		$1
		exit \$((_failed ? 3 : 0))" in_mount_ns "$_tmp/.functions"
	case $? in
	0) ;;
	3) _failed=1 ;; # the message was printed inside
	*) fail "could not run $1 in a mount namespace" ;;
	esac
}

# expect_fault WORD: the last command failed with exit 1 and one line
# naming the fault (WORD is an extended regex).
expect_fault() {
	expect_rc 1
	expect_err_line
	printf '%s' "$err" | grep -Eq -- "$1" || fail "stderr does not match: $1"
}

# ---- crash safety ----

# N overdue cases: one opened by cases, the rest copied with sqlite3 (the
# partial indexes follow by themselves), each with its opened event; with
# PAD, subjects get PAD random hex digits more.
make_overdue_cases() {
	run open --plan business --severity prod-down --subject seed \
		--at 2026-01-01T00:00:00Z
	expect_rc 0
	sqlite3 "$CASES_DB" "
		WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
					WHERE i < $(($1 - 1)))
		INSERT INTO cases (uuid, plan_id, plan_ver, cal_ver, severity,
			category, channel, subject, opened_at, target_s, clock,
			due_at)
		SELECT randomblob(16), plan_id, plan_ver, cal_ver, severity,
			category, channel, 'bulk ' || i ||
			substr(hex(randomblob(${2:-0} / 2 + 1)), 1, ${2:-0}),
			opened_at + i, target_s,
			clock, due_at + i FROM cases, n WHERE cases.id = 1;
		INSERT INTO event (case_id, at, kind, detail)
		SELECT id, opened_at, 'opened', 'bulk' FROM cases WHERE id > 1;" ||
		fail "bulk insert failed"
}

test_crash_check_killed_records_each_breach_once() {
	local n=20000 at=2026-02-01T00:00:00Z delay pid before lines
	make_overdue_cases $n
	expect_eq "$(db_query 'SELECT count(*) FROM cases')" $n "cases made"
	# SIGKILL at several points of a run that records 20,000 breaches in
	# one transaction: whenever it lands, the file must stay sound and
	# hold each breach at most once, event and case agreeing.
	for delay in 0 0.05 0.15 0.3 0.5 0.8 1.2; do
		"$CASES" check --at $at >/dev/null 2>&1 &
		pid=$!
		sleep $delay
		{
			kill -9 $pid
			wait $pid
		} 2>/dev/null
		expect_eq "$(sqlite3 "$CASES_DB" 'PRAGMA integrity_check')" ok \
			"integrity after kill at ${delay}s"
		expect_eq "$(db_query "SELECT count(*) FROM (SELECT case_id
			FROM event WHERE kind = 'breached' GROUP BY case_id
			HAVING count(*) > 1)")" 0 "cases breached twice"
		expect_eq "$(db_query "SELECT count(*) FROM cases c WHERE
			(c.breached_at IS NOT NULL) <> EXISTS (SELECT 1 FROM event
			e WHERE e.case_id = c.id AND e.kind = 'breached')")" 0 \
			"cases whose breached_at disagrees with their events"
	done
	before=$(db_query "SELECT count(*) FROM event WHERE kind = 'breached'")
	# The next run records exactly the rest...
	run check --at $at --format jsonl
	expect_rc 0
	lines=$(printf '%s' "$out" | grep -c '"event":"breached"')
	expect_eq "$lines" $((n - before)) "breaches printed by the last run"
	expect_eq "$(printf '%s\n' "$out" | grep -o '"id":"[^"]*"' | sort -u | grep -c .)" \
		"$lines" "distinct cases printed"
	# ... so that every overdue case ends with exactly one breach.
	expect_eq "$(db_query "SELECT count(*) FROM event WHERE kind = 'breached'")" \
		$n "breached events"
	expect_eq "$(db_query "SELECT count(DISTINCT case_id) FROM event
		WHERE kind = 'breached'")" $n "breached cases"
	expect_eq "$(db_query "SELECT count(*) FROM cases WHERE breached_at
		IS NULL")" 0 "cases without breached_at"
	run check --at $at
	expect_rc 0
	expect_out ""
	expect_eq "$(sqlite3 "$CASES_DB" 'PRAGMA integrity_check')" ok integrity
}

test_crash_killed_writers_leave_sound_file() {
	# Four writers at a time, killed at different points of their run:
	# every case that exists is whole (its opened event is there) and
	# the file is sound.
	local i k pids
	run plans
	for i in $(seq 0 19); do
		pids=()
		for k in 1 2 3 4; do
			"$CASES" open --plan business --severity general \
				--subject "w$i-$k" >/dev/null 2>&1 &
			pids+=($!)
		done
		sleep "0.0$((i % 10))"
		{
			kill -9 "${pids[@]}"
			wait "${pids[@]}"
		} 2>/dev/null
	done
	expect_eq "$(sqlite3 "$CASES_DB" 'PRAGMA integrity_check')" ok integrity
	expect_eq "$(db_query "SELECT count(*) FROM cases c WHERE NOT EXISTS
		(SELECT 1 FROM event e WHERE e.case_id = c.id AND
		e.kind = 'opened')")" 0 "cases without their opened event"
	run open --plan business --severity general --subject after
	expect_rc 0
	expect_eq "$(db_query "SELECT count(*) FROM cases WHERE subject = 'after'")" 1 \
		"the case opened after the kills"
}

# ---- disk full ----

disk_full_body() {
	local id1 id2 id3 before
	mkdir -p small && mount -t tmpfs -o size=1m tmpfs small ||
		{ fail "cannot mount a 1 MiB tmpfs"; return; }
	export CASES_DB=$PWD/small/cases.db
	run calendar add uk --tz Europe/London
	expect_rc 0
	run account add acme --plan business --calendar uk
	expect_rc 0
	run open --account acme --severity prod-down --subject one \
		--at 2026-01-05T09:00:00Z
	id1=$out
	run open --plan business --severity general --subject two \
		--at 2026-01-05T09:00:00Z
	id2=$out
	run open --plan business --severity general --subject three \
		--at 2026-01-05T09:00:00Z
	id3=$out
	run resolve "$id3" --at 2026-01-05T10:00:00Z
	expect_rc 0
	before=$(db_dump)

	# Fill the file system, then try every kind of write.
	dd if=/dev/zero of=small/filler bs=4k 2>/dev/null
	local -a writes=(
		"open --plan business --severity general --subject full"
		"respond $id1 --at 2026-01-05T09:30:00Z"
		"escalate $id2 --severity prod-down --at 2026-01-05T09:10:00Z"
		"resolve $id2 --at 2026-01-05T09:10:00Z"
		"reopen $id3 --at 2026-01-05T11:00:00Z"
		"check --at 2026-02-01T00:00:00Z"
		"account add globex --plan business"
		"account set acme --plan enterprise"
		"calendar add us --tz America/New_York"
		"calendar holiday uk 2026-12-25"
		"plan add premium --from business"
		"plan set business --severity general --target 8h"
	)
	local w
	for w in "${writes[@]}"; do
		# shellcheck disable=SC2086
		run $w
		expect_fault 'database or disk is full'
	done
	expect_eq "$(db_dump)" "$before" "content after the failed writes"
	# Reading still works on a full disk.
	run list --status all --format csv
	expect_rc 0
	expect_eq "$(printf '%s\n' "$out" | tail -n +2 | grep -c .)" 3 "cases listed"
	run show "$id1"
	expect_rc 0

	# Room again: every write now works, and the file is sound.
	rm -f small/filler
	for w in "${writes[@]}"; do
		# shellcheck disable=SC2086
		run $w
		expect_rc 0
	done
	expect_eq "$(sqlite3 "$CASES_DB" 'PRAGMA integrity_check')" ok integrity
	expect_eq "$(db_query 'SELECT count(*) FROM cases')" 4 cases
	expect_eq "$(db_query "SELECT count(*) FROM event WHERE kind = 'breached'")" 1 \
		"breaches (two: resolved before its deadline; one: answered)"

	# A new database on a full disk: refused, and usable once there is room.
	export CASES_DB=$PWD/small/new/cases.db
	dd if=/dev/zero of=small/filler bs=4k 2>/dev/null
	run open --plan business --severity general --subject new
	expect_rc 1
	expect_err_line
	rm -f small/filler
	run open --plan business --severity general --subject new
	expect_rc 0
	expect_eq "$(db_query 'SELECT count(*) FROM cases')" 1 "cases in the new database"
	umount -l small
}

test_fault_disk_full() {
	if ! have_mount_ns; then
		echo "    SKIP $_test: needs root to mount a small tmpfs"
		return
	fi
	in_mount_ns disk_full_body
}

# ---- read-only file and folder ----

readonly_writes_fail() {
	local id=$1
	run open --plan business --severity general --subject no
	expect_fault 'read-only|readonly|unable to open'
	run respond "$id"
	expect_fault 'read-only|readonly|unable to open'
	run check
	expect_fault 'read-only|readonly|unable to open'
	run account add globex --plan business
	expect_fault 'read-only|readonly|unable to open'
}

readonly_body() {
	local id before
	run open --plan business --severity prod-down --subject kept \
		--at 2026-01-05T09:00:00Z
	id=$out
	before=$(db_dump)

	# The file alone read-only (its -wal and -shm stay writable).
	if [ "$(id -u)" = 0 ]; then
		mount --bind "$CASES_DB" "$CASES_DB" &&
			mount -o remount,bind,ro "$CASES_DB" ||
			{ fail "cannot bind-mount the database read-only"; return; }
	else
		chmod 0444 "$CASES_DB"
	fi
	readonly_writes_fail "$id"
	expect_err_has "read-only"
	# Reading a read-only database works.
	run list --format csv
	expect_rc 0
	expect_out_has ",kept"
	run overdue --at 2027-01-01T00:00:00Z --format csv
	expect_rc 0
	expect_out_has ",kept"
	if [ "$(id -u)" = 0 ]; then umount "$CASES_DB"; else chmod 0600 "$CASES_DB"; fi
	expect_eq "$(db_dump)" "$before" "content after the failed writes"

	# The folder read-only, with the -wal and -shm files present, then
	# without them (they cannot be created).
	local dir
	dir=$(dirname "$CASES_DB")
	for round in with-wal without-wal; do
		if [ $round = without-wal ]; then
			sqlite3 "$CASES_DB" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
			[ -e "$CASES_DB-wal" ] && fail "the -wal file survived"
		fi
		if [ "$(id -u)" = 0 ]; then
			mount --bind "$dir" "$dir" &&
				mount -o remount,bind,ro "$dir" ||
				{ fail "cannot bind-mount the folder read-only"; return; }
		else
			chmod 0555 "$dir"
		fi
		readonly_writes_fail "$id"
		# A new database there cannot be created.
		run --db "$dir/other.db" list
		expect_fault "cannot create database '$dir/other.db'"
		run --db "$dir/sub/other.db" list
		expect_fault "cannot create folder '$dir/sub'"
		if [ "$(id -u)" = 0 ]; then umount "$dir"; else chmod 0755 "$dir"; fi
		[ -e "$dir/other.db" ] && fail "other.db was created"
	done
	expect_eq "$(db_dump)" "$before" "content after the failed writes"
	# Writable again: all is well.
	run respond "$id" --at 2026-01-05T09:30:00Z
	expect_rc 0
	run check
	expect_rc 0
	expect_out ""
	expect_eq "$(sqlite3 "$CASES_DB" 'PRAGMA integrity_check')" ok integrity
}

test_fault_readonly_file_and_folder() {
	export CASES_DB=$PWD/data/cases.db
	mkdir -p data
	if have_mount_ns; then
		in_mount_ns readonly_body
	elif [ "$(id -u)" != 0 ]; then
		readonly_body
	else
		echo "    SKIP $_test: root without mount namespaces"
	fi
}

# ---- busy ----

test_fault_locked_past_busy_timeout() {
	local id i
	run open --plan business --severity general --subject one
	id=$out
	# Another process holds the write lock until we release it, after
	# `cases open` has given up (its busy timeout is 10 s).
	mkfifo lock.fifo
	sqlite3 "$CASES_DB" <lock.fifo >lock.out 2>&1 &
	local holder=$!
	exec 7>lock.fifo
	# The holder waits for the lock if our probe below has it just then.
	printf '.timeout 30000\nBEGIN IMMEDIATE;\n' >&7
	local held=0
	for i in $(seq 1 100); do
		if ! sqlite3 "$CASES_DB" 'PRAGMA busy_timeout = 0; BEGIN IMMEDIATE;' \
			>/dev/null 2>&1; then
			held=1
			break
		fi
		sleep 0.1
	done
	[ $held = 1 ] || fail "the other process never took the lock: $(cat lock.out)"
	local before
	before=$(db_dump)
	run open --plan business --severity general --subject two
	expect_fault 'database is busy'
	# Readers are not blocked by a writer (WAL).
	run show "$id"
	expect_rc 0
	echo 'ROLLBACK;' >&7
	exec 7>&-
	wait $holder
	expect_eq "$(db_dump)" "$before" "content after the busy failure"
	run open --plan business --severity general --subject three
	expect_rc 0
	expect_eq "$(db_query 'SELECT group_concat(subject) FROM cases')" "one,three" subjects
}

# ---- damaged, foreign and non-database files ----

# A database of 60 cases, all of it in the main file (no WAL).
make_full_file() {
	make_overdue_cases 60 300
	sqlite3 "$CASES_DB" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
	[ "$(stat -c %s "$CASES_DB")" -gt 40000 ] || fail "database too small"
	cp "$CASES_DB" good.db
}

# Every command on the damaged file: exit 1, one line matching $1, and
# the file's bytes unchanged.
expect_all_refused() {
	local sum c
	sum=$(sha256sum <"$CASES_DB")
	for c in "list --status all" "plans" "overdue" \
		"open --plan business --severity general --subject x" \
		"check --at 2026-02-01T00:00:00Z" "account add a --plan business"; do
		# shellcheck disable=SC2086
		run $c
		expect_fault "$1"
	done
	expect_eq "$(sha256sum <"$CASES_DB")" "$sum" "bytes of the damaged file"
}

test_fault_corrupt_pages() {
	make_full_file
	local pages p
	pages=$(($(stat -c %s "$CASES_DB") / 4096))
	# Every other page from the third on overwritten with a pattern.
	for p in $(seq 2 2 $((pages - 1))); do
		printf '\336\255\276\357%.0s' $(seq 1 1024) |
			dd of="$CASES_DB" bs=4096 seek=$p conv=notrunc status=none
	done
	expect_all_refused 'malformed|corrupt'
	# The healthy copy still works.
	run --db "$PWD/good.db" list --status all --format csv
	expect_rc 0
	expect_eq "$(printf '%s\n' "$out" | tail -n +2 | grep -c .)" 60 "cases in the copy"
	run --db "$PWD/good.db" open --plan business --severity general --subject y
	expect_rc 0
}

test_fault_zeroed_and_truncated() {
	make_full_file
	dd if=/dev/zero of="$CASES_DB" bs=4096 seek=2 count=6 conv=notrunc status=none
	expect_all_refused 'malformed|corrupt'
	head -c 8192 good.db >"$CASES_DB"
	expect_all_refused 'malformed|corrupt'
}

test_fault_damaged_header() {
	make_full_file
	printf 'XXXXXXXXXXXXXXXX' | dd of="$CASES_DB" conv=notrunc status=none
	expect_all_refused 'not a cases database'
}

test_fault_not_a_database() {
	head -c 65536 "$(command -v bash)" >"$CASES_DB"
	expect_all_refused 'not a cases database'
	{ printf 'SQLite format 3\0'; head -c 5000 /dev/zero | tr '\0' '\377'; } >"$CASES_DB"
	expect_all_refused 'not a cases database|malformed|corrupt'
	# A folder where the database should be.
	rm -f "$CASES_DB"
	mkdir "$CASES_DB"
	run list
	expect_fault 'unable to open|cannot'
	# A file where its folder should be.
	: >plain
	run --db "$PWD/plain/cases.db" list
	expect_fault "cannot create (folder|database) '$PWD/plain"
}

test_fault_foreign_database_untouched() {
	# A valid SQLite file of another program is not ours to migrate.
	sqlite3 other.db 'CREATE TABLE notes (x); INSERT INTO notes VALUES (1);'
	local sum
	sum=$(sha256sum <other.db)
	run --db "$PWD/other.db" list
	expect_fault 'not a cases database'
	run --db "$PWD/other.db" open --plan business --severity general --subject x
	expect_fault 'not a cases database'
	expect_eq "$(sha256sum <other.db)" "$sum" "bytes of the foreign file"
	expect_eq "$(sqlite3 -readonly other.db .tables)" notes "tables"
}

# An import killed with SIGKILL midway leaves all of it or none of it, and
# a sound file. (200,000 lines: big enough to be caught in the act under
# the sanitizers, small enough for CI; the import is one transaction, so
# the size does not change what is tested.)
test_crash_killed_import_all_or_nothing() {
	run open --plan business --severity general --subject before --at 2026-11-26T09:00:00Z
	expect_rc 0
	awk 'BEGIN {
		for (i = 1; i <= 200000; i++)
			printf "{\"id\":\"%08x-0000-4000-8000-%012x\",\"external_id\":null,\"account\":null,\"plan\":\"business\",\"severity\":\"prod-down\",\"category\":\"technical\",\"channel\":\"console\",\"status\":\"open\",\"opened_at\":\"2026-11-20T09:00:00Z\",\"due_at\":\"2026-11-20T10:00:00Z\",\"first_response_at\":null,\"resolved_at\":null,\"breached_at\":null,\"subject\":\"bulk %d\"}\n", i, i, i
	}' >big.jsonl
	local killed=0 round pid n
	for round in 1 2 3; do
		"$CASES" import big.jsonl >/dev/null 2>&1 &
		pid=$!
		sleep "0.$((round * 3))"
		if kill -9 "$pid" 2>/dev/null; then
			killed=$((killed + 1))
		fi
		wait "$pid" 2>/dev/null
		expect_eq "$(sqlite3 "$CASES_DB" 'PRAGMA integrity_check')" ok "integrity after kill $round"
		n=$(sqlite3 "$CASES_DB" 'SELECT count(*) FROM cases')
		case "$n" in
		1) ;;
		200001) break ;; # finished before the kill: all of it
		*) fail "round $round: $n cases after the kill (expected 1 or 200001)" ;;
		esac
	done
	[ "$killed" -gt 0 ] || fail "no import was still running when killed"
	# Nothing half-written: a full import afterwards works, exactly once.
	if [ "$(sqlite3 "$CASES_DB" 'SELECT count(*) FROM cases')" = 1 ]; then
		run import big.jsonl
		expect_rc 0
	fi
	expect_eq "$(sqlite3 "$CASES_DB" 'SELECT count(*) FROM cases')" 200001 "cases"
	expect_eq "$(sqlite3 "$CASES_DB" "SELECT count(*) FROM event WHERE kind = 'opened'")" 200001 "opened events"
}
