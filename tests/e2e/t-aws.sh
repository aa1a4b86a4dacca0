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
