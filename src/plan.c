/*
 * plan.c - the vocabularies and entitlement rules of docs/domain.md.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cases/error.h"
#include "cases/plan.h"
#include "cases/suggest.h"

struct sev_name {
	const char *name;
	const char *alias1;
	const char *alias2;
	const char *code;
};

/* Indexed by rank. */
static const struct sev_name sev_names[SEV_COUNT] = {
	[SEV_GENERAL] = { "general", "general-guidance", "low", "low" },
	[SEV_SYSTEM_IMPAIRED] = { "system-impaired", "normal", NULL, "normal" },
	[SEV_PROD_IMPAIRED] = { "prod-impaired", "production-impaired", "high",
				"high" },
	[SEV_PROD_DOWN] = { "prod-down", "production-down", "urgent",
			    "urgent" },
	[SEV_BUSINESS_CRITICAL] = { "business-critical", "business-down",
				    "critical", "critical" },
};

static const char *const cat_names[CAT_COUNT] = {
	"account-billing", "technical",	   "use-case-guidance",
	"third-party",	   "architecture", "event-management",
};

static const char *const ch_names[CH_COUNT] = {
	"console", "email", "phone", "chat", "api",
};

static const char *const clock_names[] = { "24x7", "business" };

#define SEV_CHOICES                                                            \
	"general, system-impaired, prod-impaired, prod-down, "                 \
	"business-critical"

static int
eq(const char *a, const char *b)
{
	return b && strcasecmp(a, b) == 0;
}

int
plan_severity_parse(const char *s, int *sev, char *err)
{
	for (int i = 1; i < SEV_COUNT; i++) {
		const struct sev_name *n = &sev_names[i];
		if (eq(s, n->name) || eq(s, n->alias1) || eq(s, n->alias2)) {
			*sev = i;
			return CASES_OK;
		}
	}
	const char *names[SEV_COUNT * 3];
	char dym[SUGGEST_PHRASE_MAX];
	size_t n = 0;

	for (int i = 1; i < SEV_COUNT; i++) {
		names[n++] = sev_names[i].name;
		if (sev_names[i].alias1)
			names[n++] = sev_names[i].alias1;
		if (sev_names[i].alias2)
			names[n++] = sev_names[i].alias2;
	}
	return cases_errf(
		err, CASES_EINVAL,
		"unknown severity '%s' (%sexpected one of: " SEV_CHOICES ")", s,
		suggest_phrase(suggest_nearest(s, names, n), dym));
}

static int
parse_name(const char *s, const char *const *names, int n, int *out)
{
	for (int i = 0; i < n; i++) {
		if (eq(s, names[i])) {
			*out = i;
			return CASES_OK;
		}
	}
	return CASES_EINVAL;
}

static char *
join_names(const char *const *names, int n, unsigned mask, char *buf,
	   size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (!(mask & (1u << i)))
			continue;
		int w = snprintf(buf + used, len - used, "%s%s",
				 used ? ", " : "", names[i]);
		if (w < 0 || (size_t)w >= len - used)
			break;
		used += (size_t)w;
	}
	if (!used)
		snprintf(buf, len, "none");
	return buf;
}

int
plan_category_parse(const char *s, int *cat, char *err)
{
	char all[256], dym[SUGGEST_PHRASE_MAX];

	if (parse_name(s, cat_names, CAT_COUNT, cat) == CASES_OK)
		return CASES_OK;
	join_names(cat_names, CAT_COUNT, ~0u, all, sizeof(all));
	return cases_errf(
		err, CASES_EINVAL,
		"unknown category '%s' (%sexpected one of: %s)", s,
		suggest_phrase(suggest_nearest(s, cat_names, CAT_COUNT), dym),
		all);
}

int
plan_channel_parse(const char *s, int *ch, char *err)
{
	char all[256], dym[SUGGEST_PHRASE_MAX];

	if (parse_name(s, ch_names, CH_COUNT, ch) == CASES_OK)
		return CASES_OK;
	join_names(ch_names, CH_COUNT, ~0u, all, sizeof(all));
	return cases_errf(
		err, CASES_EINVAL,
		"unknown channel '%s' (%sexpected one of: %s)", s,
		suggest_phrase(suggest_nearest(s, ch_names, CH_COUNT), dym),
		all);
}

int
plan_clock_parse(const char *s, int *clock, char *err)
{
	char dym[SUGGEST_PHRASE_MAX];

	if (parse_name(s, clock_names, 2, clock) == CASES_OK)
		return CASES_OK;
	return cases_errf(
		err, CASES_EINVAL,
		"unknown clock '%s' (%sexpected one of: 24x7, "
		"business)",
		s, suggest_phrase(suggest_nearest(s, clock_names, 2), dym));
}

int
plan_name_check(const char *name, char *err)
{
	size_t n = strlen(name);

	if (n == 0 || n >= PLAN_NAME_MAX || !isalnum((unsigned char)name[0]))
		goto bad;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		if (!(islower(c) || isdigit(c) || c == '-' || c == '_'
		      || c == '.'))
			goto bad;
	}
	return CASES_OK;
bad:
	return cases_errf(err, CASES_EINVAL,
			  "invalid plan name '%s' (expected 1-63 of a-z, 0-9, "
			  "'.', '_', '-', starting with a letter or digit)",
			  name);
}

const char *
plan_severity_name(int sev)
{
	return sev > 0 && sev < SEV_COUNT ? sev_names[sev].name : NULL;
}

const char *
plan_severity_code(int sev)
{
	return sev > 0 && sev < SEV_COUNT ? sev_names[sev].code : NULL;
}

const char *
plan_category_name(int cat)
{
	return cat >= 0 && cat < CAT_COUNT ? cat_names[cat] : NULL;
}

const char *
plan_channel_name(int ch)
{
	return ch >= 0 && ch < CH_COUNT ? ch_names[ch] : NULL;
}

const char *
plan_clock_name(int clock)
{
	return clock == CLOCK_24X7 || clock == CLOCK_BUSINESS
		       ? clock_names[clock]
		       : NULL;
}

char *
plan_allowed_severities(const struct plan *p, char *buf, size_t len)
{
	const char *names[SEV_COUNT];
	unsigned mask = 0;

	for (int i = 0; i < SEV_COUNT; i++) {
		names[i] = i ? sev_names[i].name : "";
		if (i && p->target_s[i] > 0)
			mask |= 1u << i;
	}
	return join_names(names, SEV_COUNT, mask, buf, len);
}

char *
plan_mask_categories(unsigned mask, char *buf, size_t len)
{
	return join_names(cat_names, CAT_COUNT, mask, buf, len);
}

char *
plan_mask_channels(unsigned mask, char *buf, size_t len)
{
	return join_names(ch_names, CH_COUNT, mask, buf, len);
}

/* Parse "a,b, c" (or "none" / "") against names into a mask. */
static int
parse_list(const char *list, const char *const *names, int n, unsigned *mask,
	   const char *what, char *err)
{
	char item[64];
	const char *p = list;

	*mask = 0;
	if (strcmp(list, "none") == 0)
		return CASES_OK;
	while (*p) {
		size_t k = 0;
		int v;

		while (*p == ' ' || *p == ',')
			p++;
		if (!*p)
			break;
		while (*p && *p != ',' && *p != ' ' && k < sizeof(item) - 1)
			item[k++] = *p++;
		item[k] = '\0';
		if (parse_name(item, names, n, &v) != CASES_OK)
			return cases_errf(err, CASES_EINVAL,
					  "unknown %s '%s' in '%s'", what, item,
					  list);
		*mask |= 1u << v;
	}
	return CASES_OK;
}

int
plan_categories_parse(const char *list, unsigned *mask, char *err)
{
	return parse_list(list, cat_names, CAT_COUNT, mask, "category", err);
}

int
plan_channels_parse(const char *list, unsigned *mask, char *err)
{
	return parse_list(list, ch_names, CH_COUNT, mask, "channel", err);
}

void
plan_init_empty(struct plan *p, const char *name)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "%s", name);
	p->categories = 1u << CAT_ACCOUNT_BILLING | 1u << CAT_TECHNICAL;
	p->channels = ((1u << CH_COUNT) - 1) & ~(1u << CH_API);
}

int
plan_check_severity(const struct plan *p, int sev, int cat, char *err)
{
	char allowed[160];

	if (cat == CAT_ACCOUNT_BILLING) {
		if (sev == SEV_GENERAL)
			return CASES_OK;
		return cases_errf(err, CASES_EINVAL,
				  "severity '%s' is not allowed for "
				  "account-billing cases (expected: general)",
				  plan_severity_name(sev));
	}
	if (sev > 0 && sev < SEV_COUNT && p->target_s[sev] > 0)
		return CASES_OK;
	plan_allowed_severities(p, allowed, sizeof(allowed));
	return cases_errf(err, CASES_EINVAL,
			  "plan '%s' does not allow severity '%s' "
			  "(allowed: %s%s)",
			  p->name,
			  plan_severity_name(sev) ? plan_severity_name(sev)
						  : "?",
			  allowed,
			  strcmp(allowed, "none") == 0
				  ? "; it takes account-billing cases only, "
				    "as general"
				  : "");
}

/*
 * The severity is checked first (docs/domain.md 2.2: the message names
 * the plan, the severity and the allowed severities), then the category,
 * then the channel.
 */
int
plan_check_case(const struct plan *p, int sev, int cat, int ch, char *err)
{
	char allowed[160];
	int rc;

	if (cat != CAT_ACCOUNT_BILLING) {
		rc = plan_check_severity(p, sev, cat, err);
		if (rc)
			return rc;
	}
	if (!(p->categories & (1u << cat)))
		return cases_errf(err, CASES_EINVAL,
				  "plan '%s' does not include category '%s' "
				  "(allowed: %s)",
				  p->name, plan_category_name(cat),
				  plan_mask_categories(p->categories, allowed,
						       sizeof(allowed)));
	if (!(p->channels & (1u << ch)))
		return cases_errf(err, CASES_EINVAL,
				  "plan '%s' does not include channel '%s' "
				  "(allowed: %s)",
				  p->name, plan_channel_name(ch),
				  plan_mask_channels(p->channels, allowed,
						     sizeof(allowed)));
	return plan_check_severity(p, sev, cat, err);
}

int64_t
plan_case_target(const struct plan *p, int sev, int cat, int *clock)
{
	int s = cat == CAT_ACCOUNT_BILLING ? SEV_GENERAL : sev;

	if (s <= 0 || s >= SEV_COUNT || p->target_s[s] <= 0) {
		*clock = CLOCK_24X7;
		return 0;
	}
	*clock = p->clock[s];
	return p->target_s[s];
}
