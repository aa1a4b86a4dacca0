# t-open.sh - opening cases: entitlements, aliases, channels
# (docs/domain.md 1-4).

T0=2026-11-26T09:00:00Z

# Every plan x severity: allowed ones open, others exit 2 with nothing
# written.
test_plan_severity_matrix() {
	local plan sev want n=0
	for plan in basic developer business enterprise; do
		for sev in general system-impaired prod-impaired prod-down business-critical; do
			case "$plan:$sev" in
			developer:general | developer:system-impaired) want=0 ;;
			business:business-critical) want=2 ;;
			business:*) want=0 ;;
			enterprise:*) want=0 ;;
			*) want=2 ;;
			esac
			run open --plan "$plan" --severity "$sev" --subject "m $plan $sev" --at $T0
			expect_rc $want
			if [ $want = 0 ]; then
				n=$((n + 1))
				expect_out_match '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'
			else
				expect_err_line
				expect_err_has "plan '$plan' does not allow severity '$sev'"
				expect_eq "$out" "" "stdout of a rejected open"
			fi
			expect_eq "$(count_cases)" $n "cases stored after $plan/$sev"
		done
	done
}

test_rejection_names_allowed_severities() {
	run open --plan developer --severity prod-down --subject x
	expect_rc 2
	expect_err_line
	expect_out ""
	[ "$err" = "cases: plan 'developer' does not allow severity 'prod-down' (allowed: general, system-impaired)" ] ||
		fail "message: $err"
	run open --plan basic --severity general --subject x
	expect_rc 2
	expect_err_has "(allowed: none; it takes account-billing cases only, as general)"
}

# Every category x plan.
test_category_matrix() {
	local plan cat want sev n=0
	for plan in basic developer business enterprise; do
		for cat in account-billing technical use-case-guidance third-party architecture event-management; do
			case "$plan:$cat" in
			*:account-billing) want=0 ;;
			basic:*) want=2 ;;
			developer:technical) want=0 ;;
			developer:*) want=2 ;;
			business:architecture | business:event-management) want=2 ;;
			*) want=0 ;;
			esac
			sev=general
			[ $cat = account-billing ] && sev=
			run open --plan $plan ${sev:+--severity $sev} --category $cat --subject "c $plan $cat" --at $T0
			expect_rc $want
			if [ $want = 0 ]; then
				n=$((n + 1))
			elif [ $plan = basic ]; then
				expect_err_line
				expect_err_has "plan 'basic' does not allow severity 'general'"
			else
				expect_err_line
				expect_err_has "plan '$plan' does not include category '$cat'"
			fi
		done
	done
	expect_eq "$(count_cases)" $n "cases stored"
}

test_account_billing_takes_general() {
	run open --plan basic --category account-billing --subject "Invoice question" --at $T0 --format json
	expect_rc 0
	expect_out_has '"severity":"general"'
	expect_out_has '"due_at":null'
	run open --plan business --category account-billing --severity prod-down --subject x
	expect_rc 2
	expect_err_has "account-billing"
	run open --plan business --category account-billing --subject "Refund" --at $T0 --format json
	expect_rc 0
	expect_out_has '"due_at":"2026-11-27T09:00:00Z"'
	# Never overdue on basic: no target.
	run overdue --at 2030-01-01T00:00:00Z --format csv
	expect_rc 0
	expect_eq "$(printf '%s\n' "$out" | grep -c Refund)" 1 "business billing case overdue"
	expect_out_lacks "Invoice question"
}

test_severity_required_for_technical() {
	run open --plan business --subject x
	expect_rc 2
	expect_err_has "missing --severity"
}

test_api_channel_needs_business_or_enterprise() {
	run open --plan developer --severity general --channel api --subject x
	expect_rc 2
	expect_err_line
	expect_err_has "plan 'developer' does not include channel 'api'"
	run open --plan basic --category account-billing --channel api --subject x
	expect_rc 2
	run open --plan business --severity general --channel api --subject x
	expect_rc 0
	run open --plan enterprise --severity general --channel api --subject x
	expect_rc 0
	for ch in console email phone chat; do
		run open --plan developer --severity general --channel $ch --subject x
		expect_rc 0
	done
	run open --plan business --severity general --channel fax --subject x
	expect_rc 2
	expect_err_has "unknown channel 'fax' (expected one of: console, email, phone, chat, api)"
	expect_eq "$(count_cases)" 6 "cases stored"
}

test_severity_aliases_case_insensitive() {
	local alias want
	for pair in low:general general-guidance:general normal:system-impaired \
		HIGH:prod-impaired production-impaired:prod-impaired urgent:prod-down \
		Production-Down:prod-down critical:business-critical \
		business-down:business-critical PROD-DOWN:prod-down; do
		alias=${pair%%:*}
		want=${pair#*:}
		run open --plan enterprise --severity "$alias" --subject x --format json
		expect_rc 0
		expect_out_has "\"severity\":\"$want\""
	done
	run open --plan enterprise --severity prodown --subject x
	expect_rc 2
	expect_err_line
	[ "$err" = "cases: unknown severity 'prodown' (did you mean 'prod-down'? expected one of: general, system-impaired, prod-impaired, prod-down, business-critical)" ] ||
		fail "message: $err"
}

test_open_json_prints_the_case() {
	run open --plan business --severity prod-impaired --subject "Slow API" --at 2026-11-26T09:00:00+01:00 --format json
	expect_rc 0
	python3 -c '
import json, sys
c = json.loads(sys.argv[1])
assert c["plan"] == "business", c
assert c["status"] == "open", c
assert c["opened_at"] == "2026-11-26T08:00:00Z", c
assert c["due_at"] == "2026-11-26T12:00:00Z", c
assert c["first_response_at"] is None and c["resolved_at"] is None
' "$out" || fail "json case"
}

test_open_needs_plan_or_account() {
	run open --severity general --subject x
	expect_rc 2
	expect_err_has "--plan"
	run open --plan business --account acme --severity general --subject x
	expect_rc 2
	run open --plan nosuch --severity general --subject x
	expect_rc 3
	expect_err_line
	expect_err_has "unknown plan 'nosuch' (expected one of: basic, developer, business, enterprise)"
	run open --account nobody --severity general --subject x
	expect_rc 3
	expect_err_has "unknown account 'nobody'"
	run open --plan business --severity general
	expect_rc 2
	expect_err_has "missing --subject"
	run open --plan business --severity general --subject ""
	expect_rc 2
	expect_err_has "empty subject"
	expect_eq "$(count_cases)" 0 "cases stored"
}

test_open_with_account() {
	run account add acme --plan business
	expect_rc 0
	run open --account acme --severity prod-down --subject x --at $T0 --format json
	expect_rc 0
	expect_out_has '"account":"acme"'
	expect_out_has '"plan":"business"'
	expect_out_has '"due_at":"2026-11-26T10:00:00Z"'
	run open --account acme --severity business-critical --subject x
	expect_rc 2
	expect_err_has "plan 'business' does not allow severity 'business-critical'"
}
