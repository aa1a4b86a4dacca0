# t-key.sh - `cases key`: keys of `cases serve`, made, listed, revoked.

test_key_add_prints_id_and_secret_once() {
	run account add acme --plan business
	expect_rc 0
	run key add --account acme --format json
	expect_rc 0
	expect_out_match '^\{"key_id":"CKIA[A-Z2-7]{16}","secret":"[A-Za-z0-9+/]{40}","account":"acme","staff":null,'
	local id secret
	id=$(printf '%s' "$out" | sed 's/.*"key_id":"\([^"]*\)".*/\1/')
	secret=$(printf '%s' "$out" | sed 's/.*"secret":"\([^"]*\)".*/\1/')
	run key list
	expect_rc 0
	expect_out_has "$id"
	expect_out_has acme
	expect_out_lacks "$secret"
	run key list --format json
	expect_out_lacks "$secret"
	expect_out_lacks '"secret"'
}

test_key_add_staff() {
	run key add --staff 'Ana Lima' --format csv
	expect_rc 0
	expect_out_match '^key_id,secret,account,staff,created_at,revoked_at'
	expect_out_has ',,Ana Lima,'
}

test_key_add_needs_one_owner() {
	run account add acme --plan business
	local before
	before=$(db_sum)
	run key add
	expect_rc 2
	expect_err_line
	expect_err_has '--account A or --staff NAME'
	run key add --account acme --staff Ana
	expect_rc 2
	expect_err_line
	run key add --account nope
	expect_rc 3
	expect_err_line
	expect_err_has "unknown account 'nope'"
	run key add --staff ''
	expect_rc 2
	expect_err_line
	run key frob
	expect_rc 2
	expect_err_has "unknown action 'frob' (expected one of: add, list, revoke)"
	expect_eq "$(db_sum)" "$before" "database after refused key adds"
	run key list --format csv
	expect_eq "$(printf "%s" "$out" | tr -d "\r")" "key_id,account,staff,created_at,revoked_at,submitted_by" "key list of no keys"
}

test_key_revoke() {
	run key add --staff Ana --format csv --at 2026-11-26T09:00:00Z
	local id
	id=$(printf '%s\n' "$out" | sed -n 2p | cut -d, -f1)
	run key revoke "$id" --at 2026-11-27T10:00:00Z --format csv
	expect_rc 0
	expect_out_has "$id,,Ana,2026-11-26T09:00:00Z,2026-11-27T10:00:00Z"
	run key revoke "$id"
	expect_rc 2
	expect_err_line
	expect_err_has "is revoked already"
	run key revoke CKIANOSUCHKEY0000000
	expect_rc 3
	expect_err_line
	expect_err_has "unknown key 'CKIANOSUCHKEY0000000'"
	run key revoke 'x;y'
	expect_rc 2
	expect_err_line
	run key list --format csv
	expect_out_has "$id,,Ana,2026-11-26T09:00:00Z,2026-11-27T10:00:00Z"
	# The table's times are short and local as of now, the zone in the
	# heading is today's (it was the zone's of 1970: LMT in Lisbon).
	TZ=Europe/Lisbon CASES_NOW=2026-11-27T18:00:00Z run key list
	expect_rc 0
	expect_out_has "CREATED (WET)"
	expect_out_match "Ana +Thu 09:00 +10:00"
}

test_key_database_stays_private() {
	run key add --staff Ana
	expect_rc 0
	expect_eq "$(stat -c %a "$CASES_DB")" 600 "mode of the database"
}

test_key_add_name_and_email() {
	run account add acme --plan business
	run key add --account acme --name 'AdminRole (Role)' --email jane@example.com --format csv
	expect_rc 0
	expect_out_has ',acme,,'
	expect_out_has ',AdminRole (Role) <jane@example.com>'
	run key list --format csv
	expect_out_has ',AdminRole (Role) <jane@example.com>'
	local before
	before=$(db_sum)
	run key add --account acme --email 'jane at example.com'
	expect_rc 2
	expect_err_line
	expect_err_has "invalid e-mail address 'jane at example.com'"
	run key add --staff Ana --name Ana
	expect_rc 2
	expect_err_line
	expect_err_has "customer key"
	expect_eq "$(db_sum)" "$before" "database after refused key adds"
}
