/*
 * plan.h - severities, categories, channels and support plans.
 *
 * The fixed vocabularies of docs/domain.md and the entitlement rules that
 * decide whether a plan lets a customer open a case. Pure: no database.
 */
#ifndef CASES_PLAN_H
#define CASES_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "cases/error.h"

/* Severity ranks (docs/domain.md 1); 0 is "none". The values are stored. */
enum severity {
	SEV_NONE = 0,
	SEV_GENERAL = 1,
	SEV_SYSTEM_IMPAIRED = 2,
	SEV_PROD_IMPAIRED = 3,
	SEV_PROD_DOWN = 4,
	SEV_BUSINESS_CRITICAL = 5,
};
#define SEV_COUNT 6 /* ranks 1..5, indexable by rank */

/* Categories; the values are stored, append only. */
enum category {
	CAT_ACCOUNT_BILLING = 0,
	CAT_TECHNICAL,
	CAT_USE_CASE_GUIDANCE,
	CAT_THIRD_PARTY,
	CAT_ARCHITECTURE,
	CAT_EVENT_MANAGEMENT,
	CAT_COUNT
};

/* Channels; the values are stored, append only. */
enum channel { CH_CONSOLE = 0, CH_EMAIL, CH_PHONE, CH_CHAT, CH_API, CH_COUNT };

enum clock {
	CLOCK_24X7 = 0,
	CLOCK_BUSINESS = 1,
};

#define PLAN_NAME_MAX 64

/*
 * A plan as in force at one version. target_s[sev] > 0 means the severity
 * is allowed with that first-response target on clock[sev]; 0 means it is
 * not allowed. categories and channels are bit masks (1u << value).
 */
struct plan {
	int64_t id;  /* plan id */
	int64_t ver; /* immutable version id; cases refer to it */
	char name[PLAN_NAME_MAX];
	int64_t target_s[SEV_COUNT];
	int clock[SEV_COUNT];
	unsigned categories;
	unsigned channels;
};

/* Parsers: case-insensitive names and aliases; CASES_EINVAL with the value
 * and the valid choices in err. */
int plan_severity_parse(const char *s, int *sev, char *err) CASES_MUST_CHECK;
int plan_category_parse(const char *s, int *cat, char *err) CASES_MUST_CHECK;
int plan_channel_parse(const char *s, int *ch, char *err) CASES_MUST_CHECK;
int plan_clock_parse(const char *s, int *clock, char *err) CASES_MUST_CHECK;

/* Validate a plan name: 1..63 bytes of [a-z0-9._-], starting alphanumeric. */
int plan_name_check(const char *name, char *err) CASES_MUST_CHECK;

/* CLI names; NULL for out-of-range values. */
const char *plan_severity_name(int sev);
const char *plan_severity_code(int sev); /* AWS API code: low ... critical */
const char *plan_category_name(int cat);
const char *plan_channel_name(int ch);
const char *plan_clock_name(int clock);

/* "general, system-impaired" (or "none") for the plan's allowed severities;
 * likewise for categories and channels of a mask. Return buf. */
char *plan_allowed_severities(const struct plan *p, char *buf, size_t len);
char *plan_mask_categories(unsigned mask, char *buf, size_t len);
char *plan_mask_channels(unsigned mask, char *buf, size_t len);

/* Parse a comma-separated list of category (or channel) names into a mask;
 * the stored form of a plan's entitlements. */
int plan_categories_parse(const char *list, unsigned *mask,
			  char *err) CASES_MUST_CHECK;
int plan_channels_parse(const char *list, unsigned *mask,
			char *err) CASES_MUST_CHECK;

/* A new empty plan (docs/domain.md 5): no severity, account-billing and
 * technical, every channel but api. */
void plan_init_empty(struct plan *p, const char *name);

/*
 * Entitlement rule for a case (docs/domain.md 3): the category must be
 * included, the channel must be included, and the severity allowed: an
 * account-billing case takes only general (allowed on every plan, with the
 * plan's general target if any); other categories need the severity in the
 * plan. CASES_EINVAL with a message naming plan, value and what is allowed.
 */
int plan_check_case(const struct plan *p, int sev, int cat, int ch,
		    char *err) CASES_MUST_CHECK;

/* The severity part of plan_check_case(), also used when a case's
 * severity changes. */
int plan_check_severity(const struct plan *p, int sev, int cat,
			char *err) CASES_MUST_CHECK;

/* The target (seconds, 0 = none) and clock a case of (sev, cat) gets. */
int64_t plan_case_target(const struct plan *p, int sev, int cat, int *clock);

#endif
