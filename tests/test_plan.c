/*
 * test_plan.c - severities, categories, channels and entitlements.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "cases/error.h"
#include "cases/plan.h"

static struct plan
make_plan(const char *name, const int64_t targets[SEV_COUNT], const char *cats,
	  const char *chans)
{
	struct plan p;

	plan_init_empty(&p, name);
	for (int i = 1; i < SEV_COUNT; i++)
		p.target_s[i] = targets[i];
	cr_assert_eq(plan_categories_parse(cats, &p.categories, NULL),
		     CASES_OK);
	cr_assert_eq(plan_channels_parse(chans, &p.channels, NULL), CASES_OK);
	return p;
}

Test(plan, severity_names_aliases_and_codes)
{
	static const struct {
		const char *in;
		int sev;
	} ok[] = {
		{ "general", 1 },
		{ "GENERAL", 1 },
		{ "general-guidance", 1 },
		{ "low", 1 },
		{ "system-impaired", 2 },
		{ "normal", 2 },
		{ "prod-impaired", 3 },
		{ "production-impaired", 3 },
		{ "High", 3 },
		{ "prod-down", 4 },
		{ "production-down", 4 },
		{ "urgent", 4 },
		{ "business-critical", 5 },
		{ "business-down", 5 },
		{ "critical", 5 },
	};
	static const char *const codes[] = { NULL,   "low",    "normal",
					     "high", "urgent", "critical" };
	int sev;

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		cr_assert_eq(plan_severity_parse(ok[i].in, &sev, NULL),
			     CASES_OK, "%s", ok[i].in);
		cr_assert_eq(sev, ok[i].sev, "%s", ok[i].in);
	}
	for (int i = 1; i < SEV_COUNT; i++)
		cr_assert_str_eq(plan_severity_code(i), codes[i]);
	cr_assert_str_eq(plan_severity_name(4), "prod-down");
	cr_assert_null(plan_severity_name(0));
	cr_assert_null(plan_severity_name(6));
}

Test(plan, unknown_severity_lists_choices)
{
	char err[CASES_ERRMAX];
	int sev;

	cr_assert_eq(plan_severity_parse("prodown", &sev, err), CASES_EINVAL);
	cr_assert_str_eq(err, "unknown severity 'prodown' (did you mean "
			      "'prod-down'? expected one of: "
			      "general, system-impaired, prod-impaired, "
			      "prod-down, business-critical)");
	cr_assert_eq(plan_severity_parse("", &sev, err), CASES_EINVAL);
	cr_assert_eq(plan_severity_parse("prod", &sev, err), CASES_EINVAL);
}

Test(plan, categories_and_channels)
{
	char err[CASES_ERRMAX], buf[256];
	unsigned mask;
	int v;

	cr_assert_eq(plan_category_parse("Third-Party", &v, NULL), CASES_OK);
	cr_assert_eq(v, CAT_THIRD_PARTY);
	cr_assert_eq(plan_category_parse("billing", &v, err), CASES_EINVAL);
	cr_assert(strstr(err, "account-billing, technical, use-case-guidance"));
	cr_assert_eq(plan_channel_parse("api", &v, NULL), CASES_OK);
	cr_assert_eq(v, CH_API);
	cr_assert_eq(plan_channel_parse("fax", &v, err), CASES_EINVAL);
	cr_assert_str_eq(err, "unknown channel 'fax' (expected one of: "
			      "console, email, phone, chat, api)");
	cr_assert_eq(
		plan_categories_parse("technical,account-billing", &mask, NULL),
		CASES_OK);
	cr_assert_eq(mask, 3u);
	cr_assert_str_eq(plan_mask_categories(mask, buf, sizeof(buf)),
			 "account-billing, technical");
	cr_assert_str_eq(plan_mask_channels(0, buf, sizeof(buf)), "none");
	cr_assert_eq(plan_channels_parse("console,teleport", &mask, err),
		     CASES_EINVAL);
	cr_assert(strstr(err, "'teleport'"));
}

Test(plan, empty_plan_defaults)
{
	struct plan p;
	char buf[256];

	plan_init_empty(&p, "premium");
	for (int i = 1; i < SEV_COUNT; i++)
		cr_assert_eq(p.target_s[i], 0);
	cr_assert_str_eq(plan_mask_categories(p.categories, buf, sizeof(buf)),
			 "account-billing, technical");
	cr_assert_str_eq(plan_mask_channels(p.channels, buf, sizeof(buf)),
			 "console, email, phone, chat");
}

Test(plan, developer_entitlements)
{
	const int64_t t[SEV_COUNT] = { 0, 86400, 43200, 0, 0, 0 };
	struct plan p = make_plan("developer", t, "account-billing,technical",
				  "console,email,phone,chat");
	char err[CASES_ERRMAX];

	cr_assert_eq(
		plan_check_case(&p, SEV_GENERAL, CAT_TECHNICAL, CH_EMAIL, err),
		CASES_OK);
	cr_assert_eq(plan_check_case(&p, SEV_SYSTEM_IMPAIRED, CAT_TECHNICAL,
				     CH_CONSOLE, err),
		     CASES_OK);
	cr_assert_eq(plan_check_case(&p, SEV_PROD_DOWN, CAT_TECHNICAL,
				     CH_CONSOLE, err),
		     CASES_EINVAL);
	cr_assert_str_eq(err, "plan 'developer' does not allow severity "
			      "'prod-down' (allowed: general, "
			      "system-impaired)");
	cr_assert_eq(plan_check_case(&p, SEV_GENERAL, CAT_THIRD_PARTY,
				     CH_CONSOLE, err),
		     CASES_EINVAL);
	cr_assert_str_eq(err, "plan 'developer' does not include category "
			      "'third-party' (allowed: account-billing, "
			      "technical)");
	cr_assert_eq(
		plan_check_case(&p, SEV_GENERAL, CAT_TECHNICAL, CH_API, err),
		CASES_EINVAL);
	cr_assert(strstr(err, "channel 'api'"));
}

Test(plan, account_billing_is_general_only)
{
	const int64_t none[SEV_COUNT] = { 0 };
	const int64_t biz[SEV_COUNT] = { 0, 86400, 43200, 14400, 3600, 0 };
	struct plan basic =
		make_plan("basic", none, "account-billing", "console");
	struct plan business =
		make_plan("business", biz, "account-billing", "console");
	char err[CASES_ERRMAX];
	int clock;

	cr_assert_eq(plan_check_case(&basic, SEV_GENERAL, CAT_ACCOUNT_BILLING,
				     CH_CONSOLE, err),
		     CASES_OK);
	cr_assert_eq(plan_case_target(&basic, SEV_GENERAL, CAT_ACCOUNT_BILLING,
				      &clock),
		     0);
	cr_assert_eq(plan_check_case(&business, SEV_PROD_DOWN,
				     CAT_ACCOUNT_BILLING, CH_CONSOLE, err),
		     CASES_EINVAL);
	cr_assert(strstr(err, "account-billing"));
	cr_assert_eq(plan_case_target(&business, SEV_GENERAL,
				      CAT_ACCOUNT_BILLING, &clock),
		     86400);
	cr_assert_eq(plan_check_case(&basic, SEV_GENERAL, CAT_TECHNICAL,
				     CH_CONSOLE, err),
		     CASES_EINVAL);
	cr_assert(strstr(err, "(allowed: none;"));
}

Test(plan, targets_and_clocks)
{
	const int64_t t[SEV_COUNT] = { 0, 86400, 43200, 14400, 3600, 900 };
	struct plan p = make_plan("enterprise", t, "technical", "console");
	int clock = -1;

	p.clock[SEV_GENERAL] = CLOCK_BUSINESS;
	cr_assert_eq(plan_case_target(&p, SEV_BUSINESS_CRITICAL, CAT_TECHNICAL,
				      &clock),
		     900);
	cr_assert_eq(clock, CLOCK_24X7);
	cr_assert_eq(plan_case_target(&p, SEV_GENERAL, CAT_TECHNICAL, &clock),
		     86400);
	cr_assert_eq(clock, CLOCK_BUSINESS);
}

Test(plan, plan_names)
{
	cr_assert_eq(plan_name_check("premium-2", NULL), CASES_OK);
	cr_assert_eq(plan_name_check("", NULL), CASES_EINVAL);
	cr_assert_eq(plan_name_check("-x", NULL), CASES_EINVAL);
	cr_assert_eq(plan_name_check("Has Space", NULL), CASES_EINVAL);
	cr_assert_eq(plan_name_check("drop;table", NULL), CASES_EINVAL);
}
