# t-aws.sh - `cases import --format aws` on what AWS really returns: the
# support side's communications, realistic generated data checked against
# the API model, and the real `aws` CLI's output (docs/formats.md 8). The
# basic mapping and updates are in t-import.sh.

test_aws_staff_name() {
	local f
	f=$(aws_data aws-describe-cases.json)
	# Whose messages are the support side's: AWS's by default.
	run import --format aws --plan business --staff-name ' amazon web SERVICES ' "$f"
	expect_rc 0
	run export --format csv
	expect_out_has "case-123456789012-muen-2026-7e1d8fa9c3b2a415,,business,prod-impaired,technical,console,resolved,2026-11-20T09:15:02Z,2026-11-20T13:15:02Z,2026-11-20T10:02:44Z,"
	run --db other.db import --format aws --plan business --staff-name 'Example Support' "$f"
	expect_rc 0
	run --db other.db export --format csv
	expect_out_lacks ",responded,"
	expect_eq "$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f11 | grep -c .)" \
		0 "cases with a first response"
	run --db x.db import --format aws --plan business --staff-name '  ' "$f"
	expect_rc 2
	expect_err_line
	expect_err_has "empty staff name"
	run --db x.db import --staff-name 'Amazon Web Services' a.jsonl
	expect_rc 2
	expect_err_has "--staff-name is for --format aws only"
}

# A case of describe-cases: id, status, severity, then communications as
# "who|time" arguments.
aws_case_json() {
	local id=$1 status=$2 sev=$3 comms= c
	shift 3
	for c in "$@"; do
		comms="$comms${comms:+,}{\"body\":\"...\",\"submittedBy\":\"${c%%|*}\",\"timeCreated\":\"${c#*|}\"}"
	done
	printf '{"caseId":"%s","subject":"S %s","status":"%s","serviceCode":"amazon-ec2","severityCode":"%s","submittedBy":"ops@example.com","timeCreated":"2026-11-20T09:00:00.500Z","recentCommunications":{"communications":[%s]}}' \
		"$id" "$id" "$status" "$sev" "$comms"
}

test_aws_warnings_when_imported() {
	local skew late
	skew=$(aws_case_json skew opened high 'Amazon Web Services|2026-11-20T08:59:59.900Z')
	late=$(aws_case_json late opened high 'Amazon Web Services|2026-11-20T08:00:00Z')
	printf '{"cases":[%s],"nextToken":"AAMA-p2"}' "$skew" >part.json
	run import --format aws --plan business part.json
	expect_rc 0
	expect_out "imported 1 new case, updated 0, unchanged 0"
	expect_eq "$(printf '%s\n' "$err" | wc -l)" 2 "warning lines"
	expect_err_has "cases: warning: cases[0] (skew): first response 2026-11-20T08:59:59Z is 1 s before timeCreated 2026-11-20T09:00:00Z: taken as at the opening (clock skew)"
	expect_err_has "cases: warning: a partial listing: the input ends with nextToken 'AAMA-p2' (from --no-paginate); 'aws support describe-cases' without --no-paginate pages through every case by itself"
	run export --format csv
	expect_out_has "skew,,business,prod-impaired,technical,console,responded,2026-11-20T09:00:00Z,2026-11-20T13:00:00Z,2026-11-20T09:00:00Z,"
	# A failed import says its error alone, whatever it saw before.
	printf '{"cases":[%s,%s],"NextToken":"x"}' "$skew" "$late" >bad.json
	run --db bad.db import --format aws --plan business bad.json
	expect_rc 2
	expect_err_line
	expect_err_has "cases: cases[1] (late): first response 2026-11-20T08:00:00Z is 3600 s before timeCreated 2026-11-20T09:00:00Z (more than the 60 s allowed for clock skew)"
	expect_eq "$(sqlite3 bad.db 'SELECT count(*) FROM cases')" 0 "cases written"
}

# The id of the case with external id $1.
aws_case_id() {
	"$CASES" export | grep -F "\"external_id\":\"$1\"" | cut -c8-43
}

test_aws_reimport_repairs_first_responses() {
	local ec2=case-123456789012-muen-2026-7e1d8fa9c3b2a415
	local rds=case-123456789012-muen-2026-1c0ffee5d00d4b2a
	# What the old rule stored: the customer's first message as AWS's
	# first response (as an import of JSON lines, which keeps it).
	run_in "{\"external_id\":\"$ec2\",\"plan\":\"business\",\"severity\":\"prod-impaired\",\"opened_at\":\"2026-11-20T09:15:02Z\",\"first_response_at\":\"2026-11-20T09:15:02Z\",\"subject\":\"EC2 instance unreachable after reboot\"}
{\"external_id\":\"$rds\",\"plan\":\"business\",\"severity\":\"prod-down\",\"opened_at\":\"2026-11-21T08:00:00Z\",\"first_response_at\":\"2026-11-21T08:00:00Z\",\"subject\":\"Production RDS cluster failing over in a loop\"}" import -
	expect_rc 0
	run import --format aws --plan business --at 2026-11-26T12:00:00Z "$(aws_data aws-describe-cases.json)"
	expect_rc 0
	expect_out "imported 2 new cases, updated 2, unchanged 0"
	run export --format csv
	expect_out_has "$ec2,,business,prod-impaired,technical,console,resolved,2026-11-20T09:15:02Z,2026-11-20T13:15:02Z,2026-11-20T10:02:44Z,2026-11-20T12:00:00Z,,"
	expect_out_has "$rds,,business,prod-down,technical,console,open,2026-11-21T08:00:00Z,2026-11-21T09:00:00Z,,,,"
	# The history matches: one responded event, at the first response
	# (none for the unanswered case), and a note of the correction.
	run show "$(aws_case_id "$ec2")" --format json
	python3 -c '
import json, sys
ev = [(e["event"], e["at"]) for e in json.loads(sys.argv[1])["events"]]
want = [("opened", "2026-11-20T09:15:02Z"),
        ("responded", "2026-11-20T10:02:44Z"),
        ("note", "2026-11-26T12:00:00Z"),
        ("resolved", "2026-11-20T12:00:00Z")]
assert ev == want, ev
' "$out" || fail "ec2 events"
	run show "$(aws_case_id "$rds")" --format json
	python3 -c '
import json, sys
ev = json.loads(sys.argv[1])["events"]
assert [e["event"] for e in ev] == ["opened", "note"], ev
assert ev[1]["detail"] == ("first response corrected by an import: was "
    "2026-11-21T08:00:00Z, now none (no message of '"'"'Amazon Web Services'"'"')"), ev
' "$out" || fail "rds events"
	run report --at 2026-11-26T12:00:00Z --format csv
	expect_out_has "business,4,3,3,1,0,75.0,7200,86399"
	# Again: nothing more to correct.
	run import --format aws --plan business --at 2026-11-26T12:00:00Z "$(aws_data aws-describe-cases.json)"
	expect_out "imported 0 new cases, updated 0, unchanged 4"
}

test_aws_history_stays_append_only() {
	local id
	run import --format aws --plan business "$(aws_data aws-describe-cases.json)"
	expect_rc 0
	id=$("$CASES" open --plan business --severity general --subject x --at 2026-11-20T09:00:00Z)
	"$CASES" respond "$id" --at 2026-11-20T10:00:00Z >/dev/null || fail "respond"
	sq() {
		_last="(sqlite3 $1)"
		err=$(sqlite3 "$CASES_DB" "$1" 2>&1 >/dev/null)
		rc=$?
		[ "$rc" = 0 ] || rc=refused
	}
	# Only the responded event of a case with an external id may move
	# or go (sql/005); everything else stays as written.
	sq "UPDATE event SET at = at + 1 WHERE kind = 'opened'"
	expect_rc refused
	expect_err_has "events are append-only"
	sq "DELETE FROM event WHERE kind = 'resolved'"
	expect_rc refused
	expect_err_has "events are append-only"
	sq "UPDATE event SET detail = 'x' WHERE kind = 'responded'"
	expect_rc refused
	sq "UPDATE event SET kind = 'note' WHERE kind = 'responded'"
	expect_rc refused
	sq "UPDATE event SET at = at - 1 WHERE kind = 'responded' AND case_id = (SELECT id FROM cases WHERE external_id IS NULL)"
	expect_rc refused
	expect_err_has "events are append-only"
	sq "DELETE FROM event WHERE kind = 'responded' AND case_id = (SELECT id FROM cases WHERE external_id IS NULL)"
	expect_rc refused
	sq "UPDATE event SET at = at - 1 WHERE kind = 'responded' AND case_id = (SELECT id FROM cases WHERE external_id LIKE '%7e1d8fa9c3b2a415')"
	expect_rc 0
}

test_aws_history() {
	local f
	f=$(aws_data aws-describe-cases.json)
	# Developer allows general and system-impaired: the high and urgent
	# cases are refused, and nothing is written...
	run import --format aws --plan developer "$f"
	expect_rc 2
	expect_err_line
	expect_err_has "cases[0] (case-123456789012-muen-2026-7e1d8fa9c3b2a415): plan 'developer' does not allow severity 'prod-impaired' (allowed: general, system-impaired); --history imports such cases anyway"
	# ... unless they are history: in without a target, each listed.
	run import --format aws --plan developer --history "$f"
	expect_rc 0
	expect_out "imported 4 new cases, updated 0, unchanged 0"
	expect_eq "$(printf '%s\n' "$err" | grep -c '^cases: warning: .*imported anyway (--history), without a target$')" 2 "warnings"
	expect_err_has "cases: warning: cases[1] (case-123456789012-muen-2026-1c0ffee5d00d4b2a): plan 'developer' does not allow severity 'prod-down'"
	run export --format csv
	expect_out_has "case-123456789012-muen-2026-1c0ffee5d00d4b2a,,developer,prod-down,technical,console,open,2026-11-21T08:00:00Z,,,,,"
	# Untargeted cases count in opened and responded only.
	run report --at 2026-11-26T12:00:00Z --format csv
	expect_out_has "developer,4,3,"
	run --db x.db import --history a.jsonl
	expect_rc 2
	expect_err_has "--history is for --format aws only"
}

# `cases export` against an expectations file of gen-aws.py (records
# keyed by external_id, every field but the random id).
aws_expect_export() {
	local db=${2:-$CASES_DB}
	"$CASES" --db "$db" export >export.jsonl || fail "export"
	_last="(export of $db against $1)"
	out=$(python3 - "$1" export.jsonl <<'PY'
import json, sys
want = {}
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    want[r["external_id"]] = r
got = {}
for line in open(sys.argv[2], encoding="utf-8"):
    r = json.loads(line)
    r.pop("id")
    r.pop("number")  # the order of the import, not of the data
    got[r["external_id"]] = r
if set(got) != set(want):
    print("cases differ: %d exported, %d expected" % (len(got), len(want)))
    sys.exit(1)
for k in want:
    if got[k] != want[k]:
        diff = {f: (got[k].get(f), want[k][f]) for f in want[k]
                if got[k].get(f) != want[k][f]}
        print("%s: (got, expected) %s" % (k, diff))
        sys.exit(1)
print(len(got))
PY
)
	rc=$?
	expect_rc 0
}

test_aws_realistic_data() {
	local f n
	f=$(aws_data aws-realistic.json)
	"$CASES" account add acme --plan enterprise >/dev/null || fail "acme"
	run import --format aws --account acme "$f"
	expect_rc 0
	expect_out "imported 120 new cases, updated 0, unchanged 0"
	# Warnings, if any, are clock skew of the opener's first message.
	[ -z "$err" ] || expect_eq "$(printf '%s\n' "$err" | grep -vc '(clock skew)$')" 0 "other stderr"
	aws_expect_export "$(aws_data aws-realistic.expected.jsonl)"
	expect_out 120
	run import --format aws --account acme "$f"
	expect_rc 0
	expect_out "imported 0 new cases, updated 0, unchanged 120"
	# On Business, the critical cases are history.
	n=$(grep -c '"severity":"business-critical"' "$(aws_data aws-realistic.expected.jsonl)")
	[ "$n" -gt 0 ] || fail "no critical case in the data"
	run --db b.db import --format aws --plan business "$f"
	expect_rc 2
	expect_err_has "does not allow severity 'business-critical'"
	run --db b.db import --format aws --plan business --history "$f"
	expect_rc 0
	expect_eq "$(printf '%s\n' "$err" | grep -c 'imported anyway (--history), without a target$')" "$n" "history warnings"
}

# Debian's awscli (2.x) first: another `aws` may come earlier on PATH.
aws_cli_path() {
	if [ -x /usr/bin/aws ]; then
		echo /usr/bin/aws
	else
		command -v aws
	fi
}

# The aws CLI against the local endpoint on port $aws_port, dummy
# credentials, no config, nothing beyond 127.0.0.1; bounded in time.
aws_describe_cases() {
	env -u AWS_PROFILE -u AWS_DEFAULT_PROFILE -u AWS_SESSION_TOKEN \
		-u AWS_CA_BUNDLE -u HTTP_PROXY -u HTTPS_PROXY -u http_proxy \
		-u https_proxy \
		AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE \
		AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY \
		AWS_DEFAULT_REGION=us-east-1 AWS_CONFIG_FILE=/dev/null \
		AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true \
		AWS_PAGER= AWS_MAX_ATTEMPTS=1 NO_PROXY=127.0.0.1 no_proxy=127.0.0.1 \
		timeout 60 "$aws_cli" --endpoint-url "http://127.0.0.1:$aws_port" \
		support describe-cases --include-resolved-cases \
		--include-communications --output json "$@"
}

test_aws_cli_output_imports() {
	local f exp pid tok i
	aws_cli=$(aws_cli_path)
	[ -n "$aws_cli" ] || { fail "no aws CLI (Debian package awscli)"; return; }
	f=$(aws_data aws-realistic.json)
	exp=$(aws_data aws-realistic.expected.jsonl)
	# 120 cases, 50 a page: three pages.
	timeout 90 python3 "$here/aws-endpoint.py" "$f" 50 >port 2>requests.log &
	pid=$!
	for i in $(seq 1 100); do
		[ -s port ] && break
		sleep 0.1
	done
	aws_port=$(head -n 1 port)
	[ -n "$aws_port" ] || { fail "the endpoint did not start"; kill "$pid"; return; }

	# By default the CLI pages through everything itself.
	_last="(aws support describe-cases > all.json)"
	aws_describe_cases >all.json 2>aws.err || fail "aws: $(cat aws.err)"
	expect_eq "$(grep -c DescribeCases requests.log)" 3 "requests"
	expect_eq "$(grep -c '"nextToken": "AAMA-cGFnZQ-2"' requests.log)" 1 "the last page asked for"
	"$CASES" account add acme --plan enterprise >/dev/null || fail "acme"
	run import --format aws --account acme all.json
	expect_rc 0
	expect_out "imported 120 new cases, updated 0, unchanged 0"
	case "$err" in *"partial listing"*) fail "warned of a partial listing" ;; esac
	aws_expect_export "$exp"
	expect_out 120

	# --no-paginate: the first page and the API's nextToken.
	_last="(aws support describe-cases --no-paginate > page.json)"
	aws_describe_cases --no-paginate >page.json 2>aws.err || fail "aws: $(cat aws.err)"
	"$CASES" --db np.db account add acme --plan enterprise >/dev/null
	run --db np.db import --format aws --account acme page.json
	expect_rc 0
	expect_out "imported 50 new cases, updated 0, unchanged 0"
	expect_err_has "cases: warning: a partial listing: the input ends with nextToken 'AAMA-cGFnZQ-1' (from --no-paginate); 'aws support describe-cases' without --no-paginate pages through every case by itself"

	# --max-items: the CLI's own NextToken, to give --starting-token.
	_last="(aws support describe-cases --max-items 7 > seven.json)"
	aws_describe_cases --max-items 7 >seven.json 2>aws.err || fail "aws: $(cat aws.err)"
	tok=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["NextToken"])' seven.json)
	[ -n "$tok" ] || fail "no NextToken in the CLI's output"
	"$CASES" --db mi.db account add acme --plan enterprise >/dev/null
	run --db mi.db import --format aws --account acme seven.json
	expect_rc 0
	expect_out "imported 7 new cases, updated 0, unchanged 0"
	expect_err_has "cases: warning: a partial listing: the input ends with NextToken '$tok' (from --max-items); 'aws support describe-cases' without --max-items pages through every case by itself (or give --starting-token '$tok' for the rest)"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}
