# t-suggest.sh - "did you mean": a mistyped command, option, value or name
# is refused with the nearest valid one named, and nothing is written.

test_suggest_commands_and_options() {
	run opne --plan business
	expect_rc 2
	expect_err_line
	expect_err_has "unknown command 'opne' (did you mean 'open'? see 'cases help')"
	run close 1
	expect_rc 2
	expect_err_has "did you mean 'resolve'?"
	run help lsit
	expect_rc 2
	expect_err_has "did you mean 'list'?"
	run frobnicate
	expect_rc 2
	expect_err_has "unknown command 'frobnicate' (see 'cases help')"
	run list --staus all
	expect_rc 2
	expect_err_line
	expect_err_has "unknown option '--staus': did you mean '--status'?"
	run open --sevrity high
	expect_rc 2
	expect_err_has "did you mean '--severity'?"
	run list --status opne
	expect_rc 2
	expect_err_has "unknown status 'opne' (did you mean 'open'? expected one of"
}

test_suggest_values_and_names() {
	run account add acme --plan business
	expect_rc 0
	run calendar add us-east --tz America/New_York --hours "mon-fri 09:00-17:00"
	expect_rc 0
	local before
	before=$(count_cases)
	run open --plan business --severity genral --subject x
	expect_rc 2
	expect_err_line
	expect_err_has "unknown severity 'genral' (did you mean 'general'?"
	run open --plan business --severity high --category techincal --subject x
	expect_rc 2
	expect_err_has "did you mean 'technical'?"
	run open --plan business --severity high --channel emial --subject x
	expect_rc 2
	expect_err_has "did you mean 'email'?"
	run open --plan busines --severity high --subject x
	expect_rc 3
	expect_err_has "unknown plan 'busines' (did you mean 'business'?"
	run open --account acem --severity high --subject x
	expect_rc 3
	expect_err_has "unknown account 'acem' (did you mean 'acme'?"
	run account add b --plan business --calendar us-est
	expect_rc 3
	expect_err_has "unknown calendar 'us-est' (did you mean 'us-east'?"
	run calendar add nyc --tz America/NewYork
	expect_rc 2
	expect_err_line
	expect_err_has "unknown time zone 'America/NewYork' (did you mean 'America/New_York'?)"
	run calendar add mars --tz Mars/Base
	expect_rc 2
	expect_err_has "unknown time zone 'Mars/Base'"
	expect_eq "$(count_cases)" "$before" "cases written"
}
