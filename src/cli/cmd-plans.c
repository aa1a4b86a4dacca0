/*
 * cmd-plans.c - `cases plans`: the plan x severity x category matrix.
 * Also the plan row writer that `cases plan` prints with.
 */
#include <stdio.h>
#include <string.h>

#include "cases/store.h"
#include "cases/timefmt.h"
#include "cli.h"

/* plan, then per severity: a table cell, target_s and clock; then the
 * entitlements. */
static struct out_col plan_cols[2 + 3 * (SEV_COUNT - 1)];
static int plan_ncols;

static void
init_cols(void)
{
	static char names[SEV_COUNT][3][48];
	int n = 0;

	if (plan_ncols)
		return;
	plan_cols[n++] = (struct out_col){ "plan", "PLAN", COL_STR, 0 };
	for (int sev = 1; sev < SEV_COUNT; sev++) {
		const char *s = plan_severity_name(sev);
		snprintf(names[sev][0], 48, "%s", s);
		for (char *p = names[sev][0]; *p; p++)
			*p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
		snprintf(names[sev][1], 48, "%s_target_s", s);
		snprintf(names[sev][2], 48, "%s_clock", s);
		for (int k = 1; k < 3; k++) {
			for (char *p = names[sev][k]; *p; p++)
				if (*p == '-')
					*p = '_';
		}
		plan_cols[n++] = (struct out_col){ names[sev][1], names[sev][0],
						   COL_STR, COL_ONLYTABLE };
		plan_cols[n++] = (struct out_col){ names[sev][1], "", COL_INT,
						   COL_NOTABLE };
		plan_cols[n++] = (struct out_col){ names[sev][2], "", COL_STR,
						   COL_NOTABLE };
	}
	plan_ncols = n;
}

static const struct out_col ent_cols[] = {
	{ "categories", "CATEGORIES", COL_STR, COL_SHRINK },
	{ "channels", "CHANNELS", COL_STR, COL_SHRINK },
};

struct out *
plan_out_new(struct cli_ctx *ctx, int single)
{
	static struct out_col all[64];
	int n = 0;

	init_cols();
	for (int i = 0; i < plan_ncols; i++)
		all[n++] = plan_cols[i];
	all[n++] = ent_cols[0];
	all[n++] = ent_cols[1];
	return cli_out_new(ctx, all, n, single);
}

void
plan_out_row(struct out *o, const struct plan *p)
{
	char cell[64], dur[TIMEFMT_MAX], list[256];

	out_str(o, p->name);
	for (int sev = 1; sev < SEV_COUNT; sev++) {
		if (p->target_s[sev] <= 0) {
			out_str(o, "-");
			out_int(o, CASE_NONE);
			out_str(o, NULL);
			continue;
		}
		cli_target_text(p->target_s[sev], dur);
		snprintf(cell, sizeof(cell), "%s%s", dur,
			 p->clock[sev] == CLOCK_BUSINESS ? " business" : "");
		out_str(o, cell);
		out_int(o, p->target_s[sev]);
		out_str(o, plan_clock_name(p->clock[sev]));
	}
	out_str(o, plan_mask_categories(p->categories, list, sizeof(list)));
	out_str(o, plan_mask_channels(p->channels, list, sizeof(list)));
	out_row_end(o);
}

static int
plan_cb(void *arg, const struct plan *p)
{
	plan_out_row(arg, p);
	return 0;
}

static int
exec_plans(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct out *o = plan_out_new(ctx, 0);
	int rc;

	if (!o)
		return cases_errf(ctx->err, CASES_ENOMEM, "out of memory");
	rc = store_plan_each(ctx->st, plan_cb, o, ctx->err);
	if (rc) {
		out_free(o);
		return rc;
	}
	return cli_out_free(ctx, o);
}

const struct cli_cmd cmd_plans = {
	.name = "plans",
	.usage = "plans",
	.summary = "the plans: first-response targets per severity, clocks, "
		   "categories",
	.about = "A '-' means the plan does not allow that severity; "
		 "'business' marks targets counted in business hours. JSON "
		 "rows carry SEVERITY_target_s (seconds or null) and "
		 "SEVERITY_clock for each severity.",
	.example = "cases plans --format json",
	.store = CLI_READ,
	.exec = exec_plans,
};
