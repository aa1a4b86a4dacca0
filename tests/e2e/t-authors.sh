# t-authors.sh - who did what: every event of a change made on the command
# line records its author (--as, else $CASES_AGENT, else the login name).

authors_of() {
	sqlite3 "$CASES_DB" "SELECT kind || ':' || coalesce(author, '-') FROM event ORDER BY id" | tr '\n' ' '
}

test_authors_from_as_agent_and_login() {
	local id login
	login=$(id -un)
	run open --plan business --severity prod-down --subject x \
		--at 2026-11-26T09:00:00Z
	id=$out
	CASES_AGENT="Ana Lima" run note "$id" "looking" --at 2026-11-26T09:05:00Z
	expect_rc 0
	CASES_AGENT="Ana Lima" run respond "$id" --as "Bo Chen" \
		--at 2026-11-26T09:10:00Z
	expect_rc 0
	run resolve "$id" --as "Bo Chen" --at 2026-11-26T09:20:00Z
	expect_rc 0
	expect_eq "$(authors_of)" \
		"opened:$login note:Ana Lima responded:Bo Chen resolved:Bo Chen " \
		"authors"
	# show says who, in the table and as "by" in JSON.
	run show "$id"
	expect_rc 0
	expect_out_has "looking  (by Ana Lima)"
	run show "$id" --format json
	expect_out_has '"detail":"looking","by":"Ana Lima"}'
	expect_out_has "\"event\":\"opened\","
}

test_author_names_are_checked() {
	local id before
	run open --plan business --severity prod-down --subject x \
		--at 2026-11-26T09:00:00Z
	id=$out
	before=$(db_sum)
	run note "$id" "x" --as ""
	expect_rc 2
	expect_err_line
	expect_err_has "author name"
	run note "$id" "x" --as $'bad\tname'
	expect_rc 2
	expect_eq "$(db_sum)" "$before" "database"
	# A $CASES_AGENT that is not a name is ignored: the login is used.
	CASES_AGENT=$'\e[2J' run note "$id" "x" --at 2026-11-26T09:01:00Z
	expect_rc 0
	expect_eq "$(sqlite3 "$CASES_DB" "SELECT author FROM event WHERE kind = 'note'")" \
		"$(id -un)" "author"
}
