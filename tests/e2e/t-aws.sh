# t-aws.sh - `cases import --format aws` on what AWS really returns: the
# support side's communications, realistic generated data checked against
# the API model, and the real `aws` CLI's output (SPEC §3). The basic
# mapping and updates are in t-import.sh.

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
