# t-person.sh - the person at the terminal (issue 14): case numbers, the
# queue, one SLA state in every view, --sort, --fields, --no-headers,
# tables that spend width by priority, and what an empty listing says.

PERSON_TTY="$CASES_SRC/tests/e2e/tty.py"

# Five cases at 2026-11-26T10:00Z: #1 overdue, #2 due in 25m, #3 answered,
# #4 resolved, #5 due later with a long subject.
person_fixture() {
	export CASES_NOW=2026-11-26T10:00:00Z
	run open --plan business --severity prod-down --subject late --at 2026-11-26T08:00:00Z
	run open --plan business --severity prod-impaired --subject soon --at 2026-11-26T06:25:00Z
	run open --plan business --severity general --subject answered --at 2026-11-26T07:00:00Z
	run respond 3 --at 2026-11-26T07:30:00Z
	run open --plan business --severity general --subject done --at 2026-11-26T07:00:00Z
	run resolve 4 --at 2026-11-26T07:10:00Z
	run open --plan enterprise --severity system-impaired --at 2026-11-26T09:00:00Z \
		--subject "A very long subject that goes on and on about the load balancer and its upstream resets in eu-west-1"
	expect_rc 0
}

test_person_numbers_name_cases() {
	person_fixture
	local uuid
	run show 2 --format json
	expect_rc 0
	expect_out_has '"number":2'
	expect_out_has '"subject":"soon"'
	uuid=$(printf '%s' "$out" | sed 's/.*"id":"\([^"]*\)".*/\1/')
	run show '#2' --format json
	expect_out_has "\"id\":\"$uuid\""
	# (With its dash: 8 hex digits may all be decimal digits, a number.)
	run show "${uuid:0:13}" --format json
	expect_out_has '"number":2'
	# Digits only is a number, even 8 of them.
	run show 12345678
	expect_rc 3
	expect_err_line
	expect_err_has "no case '12345678'"
	run show '#0'
	expect_rc 3
	run show 99999999999999999999999
	expect_rc 3
	run respond '#1' --at 2026-11-26T10:01:00Z --format json
	expect_rc 0
	expect_out_has '"number":1'
	expect_out_has '"sla_state":"breached"'
	# Tables lead with the number.
	run list --status all
	expect_out_match "^#  "
	expect_out_match $'\n#5  '
}

test_person_export_import_keep_numbers() {
	person_fixture
	run export
	printf '%s\n' "$out" >a.jsonl
	expect_out_has '"number":5'
	case "$out" in *sla_state*) fail "export carries a state that depends on the time" ;; esac
	# Into an empty database: the numbers kept.
	run --db b.db import a.jsonl
	expect_rc 0
	run --db b.db list --status all --format csv --fields number,subject --no-headers
	expect_eq "$(printf '%s' "$out" | tr -d '\r' | sort)" "$(printf '1,late\n2,soon\n3,answered\n4,done\n5,A very long subject that goes on and on about the load balancer and its upstream resets in eu-west-1' | sort)" "numbers after import"
	# A number taken: refused, naming the line; nothing imported.
	printf '{"plan":"business","severity":"general","opened_at":"2026-11-26T09:00:00Z","subject":"x","number":3}\n' >c.jsonl
	run --db b.db import c.jsonl
	expect_rc 2
	expect_err_line
	expect_err_has "line 1: case number 3 is taken"
	# A free number is kept, the next one follows it.
	printf '{"plan":"business","severity":"general","opened_at":"2026-11-26T09:00:00Z","subject":"x","number":40}\n{"plan":"business","severity":"general","opened_at":"2026-11-26T09:00:00Z","subject":"y"}\n' >d.jsonl
	run --db b.db import d.jsonl
	expect_rc 0
	run --db b.db list --fields number,subject --no-headers --format csv --sort number
	expect_out_has "40,x"
	expect_out_has "41,y"
	printf 'plan,severity,opened_at,subject,number\nbusiness,general,2026-11-26T09:00:00Z,z,0\n' >e.csv
	run --db b.db import --format csv e.csv
	expect_rc 2
	expect_err_has "line 2: invalid number '0'"
}

test_person_queue_most_urgent_first() {
	person_fixture
	run queue
	expect_rc 0
	# Overdue, then due soonest, then answered; the resolved one not at all.
	expect_eq "$(printf '%s\n' "$out" | tail -n +2 | awk '{print $1, $2}')" \
"#1 -1h
#2 in
#5 in
#3 answered" "queue order"
	expect_out_lacks "done"
	expect_out_match "#2  in 25m "
	expect_out_lacks "STATUS"
	run queue --severity general --format jsonl
	expect_out_has '"subject":"answered"'
	expect_out_lacks '"subject":"late"'
	run queue --format json --limit 1
	expect_out_has '"sla_state":"breached","sla_remaining_s":-3600'
}

test_person_sla_state_agrees_everywhere() {
	person_fixture
	# #2: 25m left of 4h, more than 75% gone: warned.
	run list --format jsonl --fields number,sla_state,sla_remaining_s
	expect_out_has '{"number":2,"sla_state":"warned","sla_remaining_s":1500}'
	expect_out_has '{"number":3,"sla_state":"met","sla_remaining_s":'
	run overdue --format jsonl --fields number,sla_state
	expect_out '{"number":1,"sla_state":"breached"}'
	# A recorded breach stays a breach after a downgrade.
	run check --at 2026-11-26T10:00:00Z
	run escalate 1 --severity general --at 2026-11-26T10:01:00Z
	expect_rc 0
	run list --format jsonl --fields number,sla_state,sla
	expect_out_has '{"number":1,"sla_state":"breached","sla":"breached"}'
	# show says so on the due line, not only in the events.
	run show 1
	expect_out_match '^due: .*\(breached'
	expect_out_has "(the deadline has moved since)"
}

test_person_sort_fields_headers() {
	person_fixture
	# A bad field: one line naming the nearest, and nothing on stdout.
	local f
	for f in json jsonl csv table; do
		run list --format "$f" --fields number,sla_sate
		expect_rc 2
		expect_err_line
		expect_err_has "unknown field 'sla_sate' (did you mean 'sla_state'?"
		expect_out ""
	done
	run list --status all --sort number --fields number --no-headers
	expect_out "$(printf '#1\n#2\n#3\n#4\n#5')"
	run list --status all --sort -number --fields number --format csv --no-headers
	expect_eq "$(printf '%s' "$out" | tr -d '\r' | tr '\n' ' ')" "5 4 3 2 1" "reversed"
	run list --sort due --fields number,due_at --format csv
	expect_eq "$(printf '%s' "$out" | tr -d '\r' | head -2)" "$(printf 'number,due_at\n1,2026-11-26T09:00:00Z')" "by due"
	run list --sort age --fields subject --no-headers
	expect_eq "$(printf '%s' "$out" | head -1)" "soon" "oldest first"
	run list --sort urgency
	expect_rc 2
	expect_err_line
	expect_err_has "unknown --sort 'urgency' (expected one of: number, sla,"
	run list --fields number,colour
	expect_rc 2
	expect_err_has "unknown field 'colour' (expected one of: id, number, sla,"
	run list
	expect_out_match "AGE"
	run overdue
	expect_out_lacks "STATUS"
	run due --within 1d
	expect_out_lacks "STATUS"
}

test_person_empty_listing_says_so_on_a_terminal() {
	local o
	o=$(timeout 20 python3 -S "$PERSON_TTY" run 80 15 "$CASES" overdue 2>err.txt)
	expect_eq "$o" "" "stdout of an empty overdue"
	expect_eq "$(cat err.txt)" "no overdue cases" "stderr of an empty overdue"
	# A pipe hears nothing.
	run overdue
	expect_rc 0
	expect_out ""
	expect_eq "$err" "" "stderr in a pipe"
}

test_person_alone_on_a_terminal_shows_the_queue() {
	person_fixture
	local o
	o=$(timeout 20 python3 -S "$PERSON_TTY" run 80 15 "$CASES" 2>err.txt)
	case "$o" in *"#1  "*"#2  "*) ;; *) fail "cases alone: no queue: $o" ;; esac
	case "$(cat err.txt)" in *"cases help"*) ;; *) fail "no hint: $(cat err.txt)" ;; esac
	# Not a terminal: the usage, exit 2, as before.
	run
	expect_rc 2
	expect_err_has "usage: cases"
	# No database yet: the usage; none is created.
	o=$(CASES_DB=$PWD/none.db timeout 20 python3 -S "$PERSON_TTY" run 80 15 "$CASES" 2>&1)
	[ -e none.db ] && fail "cases alone created a database"
	case "$o" in *usage*) ;; *) fail "no usage without a database: $o" ;; esac
}

# Every width and both zones: each line fits; the number and the SLA
# state of every case are whole.
test_person_tables_keep_number_and_state_whole() {
	person_fixture
	run open --plan business --severity prod-down --at 2026-11-26T09:55:00Z \
		--subject "東京リージョンで決済APIが502を返し続けています。顧客への影響が大きいので至急調査をお願いします"
	run account add "Amélie's Crèmerie Internationale" --plan business
	run open --account "Amélie's Crèmerie Internationale" --severity general \
		--subject "Café déjà vu: the naïve coöperative's invoices" --at 2026-11-26T09:00:00Z
	local w tz cmd o plain n
	for tz in America/New_York Asia/Kolkata; do
		for w in 40 60 80 100 120 200; do
			for cmd in "list --status all" queue overdue "due --within 2d"; do
				# shellcheck disable=SC2086
				o=$(TZ=$tz timeout 20 python3 -S "$PERSON_TTY" run --fit "$w" 15 "$CASES" $cmd 2>err.txt)
				[ $? = 0 ] || { fail "$cmd on $w ($tz): $(cat err.txt)"; continue; }
				plain=$(printf '%s\n' "$o" | sed 's/\x1b\[[0-9;]*m//g')
				for n in 1 2; do
					case "$cmd" in due*) [ $n = 1 ] && continue ;; overdue) [ $n = 2 ] && continue ;; esac
					printf '%s\n' "$plain" | grep -Eq "^#$n +(-1h( 0m)?|in 25m|-[0-9]+[dhm]|in [0-9]+[dhm]( [0-9]+[hms])?)( |$)" ||
						fail "$cmd on $w ($tz): #$n or its state cut: $plain"
				done
			done
		done
	done
}

test_person_open_tells_number_and_deadline() {
	local o
	o=$(timeout 20 python3 -S "$PERSON_TTY" run 80 15 "$CASES" open --plan business \
		--severity prod-down --subject one --at 2026-11-26T13:05:00Z)
	expect_eq "$o" "#1 opened: business/prod-down, due 14:05 (in 1h)" "open on a terminal"
	o=$(TZ=Asia/Kolkata timeout 20 python3 -S "$PERSON_TTY" run 80 15 "$CASES" open --plan developer \
		--severity general --subject two --at 2026-11-26T13:05:00Z)
	case "$o" in "#2 opened: developer/general, due "*" (in "*")") ;; *) fail "open, business hours: $o" ;; esac
	# A pipe gets the id alone, as scripts know it.
	run open --plan business --severity prod-down --subject three
	expect_rc 0
	expect_out_match '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
}

test_person_show_names_deadline_and_breach() {
	export CASES_NOW=2026-11-26T16:01:00Z
	run open --plan business --severity prod-down --subject r --at 2026-11-26T14:00:00Z
	run check --at 2026-11-26T15:10:00Z
	TZ=Asia/Kolkata run show 1 --at 2026-11-26T16:00:00Z
	expect_rc 0
	expect_out_has "case:        #1"
	expect_out_has "times in:    Asia/Kolkata (IST)"
	expect_out_has "due:         2026-11-26 20:30:00 (breached, overdue by 1h)"
	expect_out_has "breach:      the deadline passed 2026-11-26 20:30:00; recorded 2026-11-26 20:40:00"
	# Event details in the viewer's zone too, every row's time to the second.
	expect_out_has "  2026-11-26 20:40:00  breached         due 2026-11-26 20:30:00, overdue by 10m"
	case "$out" in *T15:*Z*) fail "a UTC time in a local view: $out" ;; esac
	# A downgrade after the breach: still breached, with its record.
	run escalate 1 --severity general
	TZ=Asia/Kolkata run show 1
	expect_out_has "due:         2026-11-27 19:30:00 (breached)"
	expect_out_has "breach:      recorded 2026-11-26 20:40:00 (the deadline has moved since)"
	run list --format jsonl --fields number,sla_state
	expect_out '{"number":1,"sla_state":"breached"}'
	# Business hours: time left is business time.
	run open --plan developer --severity general --subject q --at 2026-11-26T14:00:00Z
	TZ=America/New_York run show 2 --at 2026-11-26T15:00:00Z
	expect_out_has "(due in 23h of business time)"
}

test_person_explain_local_and_escalations() {
	run open --plan business --severity prod-down --subject r --at 2026-11-26T14:00:00Z
	TZ=Asia/Kolkata run explain 1
	expect_rc 0
	expect_out_has "case #1 "
	expect_out_has "target 1h on the 24x7 clock: opened 2026-11-26 19:30:00 + 1h = due 2026-11-26 20:30:00 (Asia/Kolkata)"
	expect_out_lacks "severity changes"
	run escalate 1 --severity general --at 2026-11-26T16:00:00Z
	run escalate 1 --severity system-impaired --at 2026-11-26T16:30:00Z
	TZ=Asia/Kolkata run explain '#1'
	expect_out_has "target 12h on the 24x7 clock: opened 2026-11-26 19:30:00 + 12h = due 2026-11-27 07:30:00 (Asia/Kolkata)"
	expect_out_has "severity changes"
	expect_out_has "  2026-11-26 21:30:00  prod-down -> general, due 2026-11-27 19:30:00"
	expect_out_has "  2026-11-26 22:00:00  general -> system-impaired, due 2026-11-27 07:30:00"
	# Business hours: the calendar's zone, then the deadline in the viewer's.
	run open --plan developer --severity general --subject q --at 2026-11-26T14:00:00Z
	TZ=Asia/Kolkata run explain 2
	expect_out_has "due 2026-11-30 18:00 +00:00 (2026-11-30T18:00:00Z)"
	expect_out_has "  that is 2026-11-30 23:30:00 in Asia/Kolkata"
}

test_person_watch_fits_columns() {
	person_fixture
	# watch(1) runs the command on a pipe with $COLUMNS set to its width.
	COLUMNS=80 run queue
	expect_rc 0
	local w
	w=$(printf '%s\n' "$out" | python3 -S "$PERSON_TTY" width | sed -n 1p)
	[ "$w" -le 80 ] || fail "queue is $w cells wide with COLUMNS=80: $out"
	expect_out_match "#5  in [0-9]"
	case "$out" in *$'\033'*) fail "colour in a pipe" ;; esac
	COLUMNS=80 run list --status all
	w=$(printf '%s\n' "$out" | python3 -S "$PERSON_TTY" width | sed -n 1p)
	[ "$w" -le 80 ] || fail "list is $w cells wide with COLUMNS=80: $out"
	# No $COLUMNS: a pipe is never cut.
	COLUMNS= run list --status all
	expect_out_has "upstream resets in eu-west-1"
}
