# t-firstuse.sh - many processes meeting a database that does not exist
# yet: creating and migrating it is one step the others wait for, so none
# of them fails ("holds another program's tables", "database is busy").

test_first_use_by_twelve_processes() {
	local rounds=${FIRSTUSE_ROUNDS:-100} r p bad=0
	_last="(12 processes on a new database per round)"
	for r in $(seq 1 "$rounds"); do
		for p in 1 2 3 4 5 6 7 8 9 10 11 12; do
			if [ $((p % 3)) = 0 ]; then
				"$CASES" --db "$PWD/r$r.db" open --plan business \
					--severity general --subject "r$r p$p" \
					>/dev/null 2>"err.$r.$p" || echo "$r.$p" >>failed &
			elif [ $((p % 3)) = 1 ]; then
				"$CASES" --db "$PWD/r$r.db" list >/dev/null 2>"err.$r.$p" ||
					echo "$r.$p" >>failed &
			else
				"$CASES" --db "$PWD/r$r.db" plans --format csv >/dev/null \
					2>"err.$r.$p" || echo "$r.$p" >>failed &
			fi
		done
		wait
		if [ -s failed ]; then
			bad=$((bad + $(wc -l <failed)))
			[ "$bad" -le 3 ] && fail "round $r: $(cat failed | head -3 |
				while read -r f; do cat "err.$f"; done)"
			: >failed
		fi
		[ "$(sqlite3 "r$r.db" 'SELECT count(*) FROM cases')" = 4 ] ||
			fail "round $r: $(sqlite3 "r$r.db" 'SELECT count(*) FROM cases') cases, not 4"
		rm -f "r$r.db" "r$r.db-wal" "r$r.db-shm" err.$r.*
	done
	expect_eq "$bad" 0 "failed processes in $rounds rounds of 12"
}
