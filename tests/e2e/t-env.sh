# t-env.sh - the environment of time: every form of $TZ that the C library
# takes, a $TZ or $CASES_NOW that is wrong, and a time-zone folder holding
# something that is not a file.

test_tz_absolute_and_colon_forms() {
	# TZ=:/etc/localtime is what cron environments often set.
	TZ=:/etc/localtime run list
	expect_rc 0
	expect_no_err
	local tz
	for tz in ":$TZDIR/Asia/Kolkata" "$TZDIR/Asia/Kolkata" ":Asia/Kolkata" "Asia/Kolkata"; do
		TZ=$tz run open --plan business --severity prod-down --subject "in $tz" \
			--at "2026-11-26 09:00" --format json
		expect_rc 0
		expect_no_err
		expect_out_has '"opened_at":"2026-11-26T03:30:00Z"'
		# Tables: short local times, the zone named in the heading.
		TZ=$tz run list --status all --at 2026-11-26T04:00:00Z
		expect_rc 0
		expect_out_has "DUE (IST)"
		expect_out_match "#1 .* 10:00 "
	done
	TZ=:/etc/localtime run check --at 2026-11-27T00:00:00Z
	expect_rc 0
	expect_no_err
	expect_out_has "breached"
}

test_tz_bad_never_breaks_help_or_version() {
	local tz now
	for tz in Nowhere/Zone ":/no/such/file" "$TZDIR" $'bad\e[2Jzone'; do
		for now in "" garbage; do
			TZ=$tz CASES_NOW=$now run --version
			expect_rc 0
			expect_out_match '^cases [0-9]'
			TZ=$tz CASES_NOW=$now run --help
			expect_rc 0
			expect_out_has "usage: cases"
			TZ=$tz CASES_NOW=$now run help
			expect_rc 0
			expect_out_has "commands:"
			expect_no_err
			TZ=$tz CASES_NOW=$now run help list
			expect_rc 0
			expect_no_err
			TZ=$tz CASES_NOW=$now run list --help
			expect_rc 0
			expect_out_has "usage: cases list"
			expect_no_err
		done
	done
	# A bad $CASES_NOW still stops a command that acts at "now"; --at
	# overrides it.
	CASES_NOW=garbage run list
	expect_rc 2
	expect_err_line
	expect_err_has "\$CASES_NOW"
	CASES_NOW=garbage run list --at 2026-11-26T09:00:00Z
	expect_rc 0
}

test_tz_bad_changes_display_never_records() {
	# The same breaches are recorded whatever $TZ holds; a $TZ that names
	# no zone shows times in UTC and says so once.
	run open --plan business --severity prod-down --subject one --at 2026-11-26T08:00:00Z
	run open --plan enterprise --severity business-critical --subject two --at 2026-11-26T08:30:00Z
	run open --plan business --severity general --subject three --at 2026-11-26T08:00:00Z
	sqlite3 "$CASES_DB" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
	cp "$CASES_DB" good.db
	cp "$CASES_DB" bad.db
	TZ=UTC run --db good.db check --at 2026-11-26T10:00:00Z --format jsonl
	expect_rc 0
	local want=$out
	TZ=Nowhere/Zone run --db bad.db check --at 2026-11-26T10:00:00Z --format jsonl
	expect_rc 0
	expect_eq "$out" "$want" "check's events under a bad TZ"
	expect_err_line
	expect_err_has "warning: \$TZ: unknown time zone 'Nowhere/Zone'; times are read and shown in UTC"
	expect_eq "$(sqlite3 bad.db 'SELECT case_id, at, kind FROM event ORDER BY id')" \
		"$(sqlite3 good.db 'SELECT case_id, at, kind FROM event ORDER BY id')" "events recorded"
	# Text output: times in UTC.
	TZ=Nowhere/Zone run --db bad.db list --at 2026-11-26T10:00:00Z
	expect_rc 0
	expect_out_has "DUE (UTC)"
	expect_out_match "#1 .* 09:00 "
	# A control character in $TZ reaches stderr as '?'.
	TZ=$'x\e[2J' run --db bad.db list
	expect_rc 0
	expect_err_has "unknown time zone 'x?[2J'"
}

test_tz_fifo_in_tzdir_never_blocks() {
	# (The environment is given through env(1): bash itself reads $TZ
	# when it is assigned, and would wait on the FIFO.)
	mkdir -p zones/Europe
	mkfifo zones/UTC zones/Europe/Paris localtime.fifo
	# The local zone: refused with one warning, never waited on.
	run_timeout TZDIR="$PWD/zones" TZ=UTC -- list
	expect_rc 0
	expect_err_line
	expect_err_has "unknown time zone 'UTC' (not a regular file)"
	run_timeout TZ=":$PWD/localtime.fifo" -- list
	expect_rc 0
	expect_err_has "(not a regular file)"
	# A zone a command needs: one line, exit 2, nothing written.
	run_timeout TZDIR="$PWD/zones" TZ= -- account add acme --plan business --tz Europe/Paris
	expect_rc 2
	expect_err_line
	expect_err_has "unknown time zone 'Europe/Paris' (not a regular file)"
	run_timeout TZDIR="$PWD/zones" TZ= -- account add acme --plan business
	expect_rc 2
	expect_err_has "unknown time zone 'UTC' (not a regular file)"
	run account list --format csv
	expect_out_has "name,plan"
	expect_out_lacks acme
}

# run_timeout VAR=VALUE... -- ARGS...: run with that environment, killed
# after 10 s (status 124: it blocked).
run_timeout() {
	local envs=()
	while [ "$1" != -- ]; do
		envs+=("$1")
		shift
	done
	shift
	_last="$* (${envs[*]}, timeout 10)"
	out=$(timeout 10 env "${envs[@]}" "$CASES" "$@" 2>"$_tmp/stderr" </dev/null)
	rc=$?
	err=$(cat "$_tmp/stderr")
}

test_tz_long_name_fits_the_warning() {
	# A $TZ name longer than an error message: warned about, cut, and the
	# command runs (the zone's message once overflowed a smaller buffer).
	local long
	long=$(printf 'a%.0s' $(seq 600))
	TZ=$long run list
	expect_rc 0
	expect_err_line
	expect_err_has "cases: warning: \$TZ: unknown time zone 'aaaa"
	CASES_NOW="2026-11-23 10:00 $long" run list
	expect_rc 2
	expect_err_line
	expect_err_has "\$CASES_NOW: invalid time '2026-11-23 10:00 aaaa"
}
