# t-report.sh - `cases report`: first-response compliance per group
# (docs/formats.md 7) on a hand-built dataset where every count is known.

# Nine cases opened on 2026-11-26 (business prod-down: a 1 h target, 24x7):
#  1 acme      09:00  answered 10:00:00, at the deadline second  met   3600 s
#  2 acme      09:00  answered 10:00:01, one second late         breached 3601 s
#  3 acme      11:30  unanswered, due 12:30                      pending at 12:00
#  4 acme      09:00  unanswered, due 10:00                      breached (overdue)
#  5 -         09:00  resolved unanswered 09:30, before due      neither
#  6 -         09:00  resolved unanswered 10:30, after due       breached
#  7 -         08:00  general, escalated to prod-down 08:30
#                     (due 09:00), answered 08:50                met   3000 s
#  8 -         09:00  breach recorded by check at 10:05, lowered
#                     to general 10:10 (due next day), answered
#                     10:20                                      breached 4800 s
#  9 basic-co  09:00  basic account-billing (no target),
#                     answered 09:10                             opened, responded
report_dataset() {
	local id
	"$CASES" account add acme --plan business >/dev/null || fail "acme"
	"$CASES" account add basic-co --plan basic >/dev/null || fail "basic-co"
	id=$("$CASES" open --plan business --severity prod-down --subject c8 \
		--at 2026-11-26T09:00:00Z)
	"$CASES" check --at 2026-11-26T10:05:00Z >/dev/null || fail "check"
	"$CASES" escalate "$id" --severity general --at 2026-11-26T10:10:00Z \
		>/dev/null || fail "lower c8"
	"$CASES" respond "$id" --at 2026-11-26T10:20:00Z >/dev/null || fail "c8"
	id=$("$CASES" open --account acme --severity prod-down --subject c1 \
		--at 2026-11-26T09:00:00Z)
	"$CASES" respond "$id" --at 2026-11-26T10:00:00Z >/dev/null || fail "c1"
	id=$("$CASES" open --account acme --severity prod-down --subject c2 \
		--at 2026-11-26T09:00:00Z)
	"$CASES" respond "$id" --at 2026-11-26T10:00:01Z >/dev/null || fail "c2"
	"$CASES" open --account acme --severity prod-down --subject c3 \
		--at 2026-11-26T11:30:00Z >/dev/null || fail "c3"
	"$CASES" open --account acme --severity prod-down --subject c4 \
		--at 2026-11-26T09:00:00Z >/dev/null || fail "c4"
	id=$("$CASES" open --plan business --severity prod-down --subject c5 \
		--at 2026-11-26T09:00:00Z)
	"$CASES" resolve "$id" --at 2026-11-26T09:30:00Z >/dev/null || fail "c5"
	id=$("$CASES" open --plan business --severity prod-down --subject c6 \
		--at 2026-11-26T09:00:00Z)
	"$CASES" resolve "$id" --at 2026-11-26T10:30:00Z >/dev/null || fail "c6"
	id=$("$CASES" open --plan business --severity general --subject c7 \
		--at 2026-11-26T08:00:00Z)
	"$CASES" escalate "$id" --severity prod-down --at 2026-11-26T08:30:00Z \
		>/dev/null || fail "escalate c7"
	"$CASES" respond "$id" --at 2026-11-26T08:50:00Z >/dev/null || fail "c7"
	id=$("$CASES" open --account basic-co --category account-billing \
		--subject c9 --at 2026-11-26T09:00:00Z)
	"$CASES" respond "$id" --at 2026-11-26T09:10:00Z >/dev/null || fail "c9"
}

# One jsonl row of the report.
report_row() {
	printf '{"group":%s,"opened":%s,"responded":%s,"met":%s,"breached":%s,"pending":%s,"compliance_pct":%s,"median_first_response_s":%s,"p90_first_response_s":%s}' "$@"
}

test_report_by_plan_counts_every_rule() {
	report_dataset
	run report --at 2026-11-26T12:00:00Z --format jsonl
	expect_rc 0
	expect_no_err
	expect_out "$(report_row '"basic"' 1 1 0 0 0 null null null)
$(report_row '"business"' 8 4 2 4 1 33.3 3600 4800)
$(report_row '"(total)"' 9 5 2 4 1 33.3 3600 4800)"
	# --by plan is the default.
	local jsonl=$out
	run report --at 2026-11-26T12:00:00Z --format jsonl --by plan
	expect_eq "$out" "$jsonl" "--by plan"
}

test_report_table_for_people() {
	report_dataset
	run report --at 2026-11-26T12:00:00Z
	expect_rc 0
	expect_out "GROUP     OPENED  RESPONDED  MET  BREACHED  PENDING  MET %  MEDIAN     P90
basic          1          1    0         0        0      -       -       -
business       8          4    2         4        1   33.3      1h  1h 20m
(total)        9          5    2         4        1   33.3      1h  1h 20m"
}

test_report_by_severity() {
	report_dataset
	run report --at 2026-11-26T12:00:00Z --format jsonl --by severity
	expect_rc 0
	# general: c8 (breach recorded) and c9 (no target); prod-down: the
	# rest, answered in 3000, 3600 and 3601 s.
	expect_out "$(report_row '"general"' 2 2 0 1 0 0.0 4800 4800)
$(report_row '"prod-down"' 7 3 2 3 1 40.0 3600 3601)
$(report_row '"(total)"' 9 5 2 4 1 33.3 3600 4800)"
}

test_report_by_account() {
	report_dataset
	run report --at 2026-11-26T12:00:00Z --format csv --by account
	expect_rc 0
	# Accounts by name, the cases without one last (empty group).
	expect_out "$(printf '%s\r\n' \
		group,opened,responded,met,breached,pending,compliance_pct,median_first_response_s,p90_first_response_s \
		acme,4,2,1,2,1,33.3,3600,3601 \
		basic-co,1,1,0,0,0,,, \
		,4,2,1,2,0,33.3,3000,4800 \
		'(total),9,5,2,4,1,33.3,3600,4800')"
	run report --at 2026-11-26T12:00:00Z --format json --by account
	expect_out_has '{"group":null,"opened":4,'
}

test_report_pending_becomes_breached_after_due() {
	report_dataset
	# c3 is due 12:30:00: pending at that second, breached one later.
	run report --at 2026-11-26T12:30:00Z --format csv
	expect_out_has "business,8,4,2,4,1,33.3,3600,4800"
	run report --at 2026-11-26T12:30:01Z --format csv
	expect_out_has "business,8,4,2,5,0,28.5,3600,4800"
}

test_report_period_bounds() {
	report_dataset
	# --since is inclusive (the 09:00 cases), --until exclusive (c3 at
	# 11:30), c7 opened at 08:00 is before.
	run report --at 2026-11-26T12:00:00Z --format csv \
		--since 2026-11-26T09:00:00Z --until 2026-11-26T11:30:00Z
	expect_rc 0
	expect_out "$(printf '%s\r\n' \
		group,opened,responded,met,breached,pending,compliance_pct,median_first_response_s,p90_first_response_s \
		basic,1,1,0,0,0,,, \
		business,6,3,1,4,0,20.0,3601,4800 \
		'(total),7,4,1,4,0,20.0,3601,4800')"
	run report --at 2026-11-26T12:00:00Z --format csv \
		--since 2026-11-26T11:30:00Z
	expect_out_has "business,1,0,0,0,1,,,"
	run report --at 2026-11-26T12:00:00Z --format csv \
		--until 2026-11-26T08:00:00Z
	expect_out "$(printf '%s\r\n' \
		group,opened,responded,met,breached,pending,compliance_pct,median_first_response_s,p90_first_response_s \
		'(total),0,0,0,0,0,,,')"
}

test_report_median_and_p90_nearest_rank() {
	local i
	# Answered after 1..10 minutes (even count): median the 5th, p90 the
	# 9th; then 11 minutes too (odd): the 6th and the 10th.
	for i in 1 2 3 4 5 6 7 8 9 10; do
		printf '{"plan":"enterprise","severity":"general","opened_at":"2026-11-02T09:00:00Z","first_response_at":"2026-11-02T09:%02d:00Z","subject":"m%s"}\n' "$i" "$i"
	done >even.jsonl
	run import even.jsonl
	expect_rc 0
	run report --format csv
	expect_out_has "enterprise,10,10,10,0,0,100.0,300,540"
	run_in '{"plan":"enterprise","severity":"general","opened_at":"2026-11-03T09:00:00Z","first_response_at":"2026-11-03T09:11:00Z","subject":"m11"}' import -
	expect_rc 0
	run report --format csv
	expect_out_has "enterprise,11,11,11,0,0,100.0,360,600"
}

test_report_errors() {
	run report --by team
	expect_rc 2
	expect_err_line
	expect_err_has "unknown group 'team' (expected one of: plan, severity, account)"
	run report --since 2026-11-02T00:00:00Z --until 2026-11-01T00:00:00Z
	expect_rc 2
	expect_err_line
	expect_err_has "--since 2026-11-02T00:00:00Z is not before --until 2026-11-01T00:00:00Z"
	run report --since yesterdy
	expect_rc 2
	expect_err_has "invalid time 'yesterdy'"
	run report extra
	expect_rc 2
	expect_err_has "unexpected argument 'extra'"
}

test_report_empty_database() {
	run report --format jsonl
	expect_rc 0
	expect_out "$(report_row '"(total)"' 0 0 0 0 0 null null null)"
}

test_report_html_errors() {
	local sum
	report_dataset
	sum=$(db_sum)
	run report --format htm
	expect_rc 2
	expect_err_line
	expect_err_has "unknown format 'htm' (did you mean 'html'? expected one of: table, csv, json, jsonl, html)"
	expect_out ""
	for g in 0 101 x 95x nan -5; do
		run report --format html --goal "$g"
		expect_rc 2
		expect_err_line
		expect_err_has "bad --goal '$g' (expected a percentage above 0 and at most 100, e.g. 95)"
		expect_out ""
	done
	run report --goal 95
	expect_rc 2
	expect_err_line
	expect_err_has "--goal draws on a chart: it needs --format html"
	run report --format html --by team
	expect_rc 2
	expect_err_has "unknown group 'team'"
	run report --format html --by sevrity
	expect_rc 2
	expect_err_line
	expect_err_has "unknown group 'sevrity' (did you mean 'severity'? expected one of: plan, severity, account)"
	run report --format html --since 2026-11-02T00:00:00Z \
		--until 2026-11-01T00:00:00Z
	expect_rc 2
	expect_err_has "is not before --until"
	expect_out ""
	expect_eq "$(db_sum)" "$sum" "database"
	# The other formats still parse through the report's own --format.
	run report --format csv --by severity
	expect_rc 0
	expect_out_has "group,opened,responded,met,breached"
}

test_report_html_page() {
	report_dataset
	run report --format html --goal 95% --at 2026-11-26T12:00:00Z \
		--by account
	expect_rc 0
	expect_no_err
	expect_out_match '^<!DOCTYPE html>'
	expect_out_has '</html>'
	expect_out_has 'Goal: 95% met.'
	# acme: met 1 (c1), breached 2 (c2, c4): 33.3, as in the csv.
	expect_out_match '<th scope="row">acme</th><td>4</td><td>2</td><td>1</td><td>2</td><td>1</td><td>33.3</td>'
	# The breached cases: c2, c4, c6 and c8 (numbered 3, 5, 7 and 1).
	expect_out_has '<caption>4 breached cases, in opening order</caption>'
	expect_out_match '<td>5</td><th scope="row">[0-9a-f]{8}</th><td>acme</td><td>prod-down</td><td>c4</td>'
	expect_out_lacks '<script'
	# A subject is text, whatever it holds.
	"$CASES" open --account acme --severity prod-down \
		--subject '<script>alert(1)</script> & "co"' \
		--at 2026-11-26T09:30:00Z >/dev/null || fail "hostile"
	run report --format html --at 2026-11-26T12:00:00Z
	expect_rc 0
	expect_out_has '<td>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;co&quot;</td>'
	expect_out_lacks '<script'
	# Times in the reader's zone.
	out=$(TZ=Asia/Kolkata "$CASES" report --format html \
		--at 2026-11-26T12:00:00Z)
	expect_out_has 'Made 2026-11-26 17:30 +05:30, times in Asia/Kolkata.'
}

test_report_html_draws_the_largest_groups() {
	local i j
	# Ten accounts, account aN with N cases: the chart draws a3..a10 and
	# all; the tables keep a1 and a2.
	for i in 1 2 3 4 5 6 7 8 9 10; do
		"$CASES" account add "a$i" --plan business >/dev/null ||
			fail "account a$i"
		for j in $(seq "$i"); do
			printf '{"account":"a%s","severity":"general","opened_at":"2026-11-%02dT09:00:00Z","first_response_at":"2026-11-%02dT10:00:00Z","subject":"s"}\n' "$i" "$j" "$j"
		done
	done >many.jsonl
	run import many.jsonl
	expect_rc 0
	run report --format html --by account --at 2026-11-26T12:00:00Z
	expect_rc 0
	expect_out_has 'The 8 groups with most cases, of 10: the compliance table has them all.'
	expect_out_has '<th scope="row">a1</th>'
	# The line table's header: the drawn groups in report order, then all.
	expect_out_match '<th scope="col">a10</th><th scope="col">a3</th>.*<th scope="col">a9</th><th scope="col">all</th>'
	expect_out_lacks '<th scope="col">a2</th>'
}
