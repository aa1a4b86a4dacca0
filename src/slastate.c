/*
 * slastate.c - a case's SLA state (see slastate.h).
 */
#include "cases/slastate.h"
#include "cases/plan.h"

const char *
slastate_name(enum slastate s)
{
	switch (s) {
	case SLASTATE_DUE:
		return "due";
	case SLASTATE_WARNED:
		return "warned";
	case SLASTATE_BREACHED:
		return "breached";
	case SLASTATE_MET:
		return "met";
	default:
		return "none";
	}
}

/* Seconds from end to the deadline of c, as slastate_info.left says. */
static int64_t
left_at(const struct case_rec *c, const struct calendar *cal, int64_t end)
{
	if (end >= c->due_at)
		return -(end - c->due_at);
	if (c->clock == CLOCK_BUSINESS && cal)
		return sla_elapsed(cal, end, c->due_at);
	return c->due_at - end;
}

void
slastate_get(const struct case_rec *c, const struct calendar *cal, int64_t now,
	     struct slastate_info *out)
{
	int64_t end;

	out->state = SLASTATE_NONE;
	out->running = c->first_response_at == CASE_NONE
		       && c->resolved_at == CASE_NONE;
	out->left = CASE_NONE;
	out->passed_at = CASE_NONE;
	out->recorded_at = c->breached_at;
	if (c->due_at == CASE_NONE)
		return;
	end = c->first_response_at != CASE_NONE ? c->first_response_at
	      : c->resolved_at != CASE_NONE	? c->resolved_at
						: now;
	out->left = left_at(c, cal, end);
	if (end > c->due_at)
		out->passed_at = c->due_at;
	if (c->breached_at != CASE_NONE || end > c->due_at) {
		/* Resolved unanswered after the deadline: breached too. */
		out->state = SLASTATE_BREACHED;
		return;
	}
	if (c->first_response_at != CASE_NONE) {
		out->state = SLASTATE_MET;
		return;
	}
	if (c->resolved_at != CASE_NONE)
		return; /* closed unanswered, in time: nothing to meet */
	out->state = SLASTATE_DUE;
	/* left / target <= (100 - pct) / 100, in integers (targets are far
	 * below 2^56). */
	if (c->warned_at != CASE_NONE
	    || (c->target_s != CASE_NONE && c->target_s > 0
		&& out->left * 100 <= c->target_s * (100 - SLASTATE_WARN_PCT)))
		out->state = SLASTATE_WARNED;
}

int
slastate_urgency(const struct case_rec *c, const struct slastate_info *s)
{
	if (c->resolved_at != CASE_NONE)
		return 4;
	if (!s->running)
		return 3;
	if (s->state == SLASTATE_BREACHED)
		return 0;
	if (s->state == SLASTATE_NONE)
		return 2;
	return 1;
}

static int
cmp_i64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

int
slastate_cmp_urgency(const struct case_rec *a, const struct slastate_info *sa,
		     const struct case_rec *b, const struct slastate_info *sb)
{
	int ga = slastate_urgency(a, sa), gb = slastate_urgency(b, sb), r;

	if (ga != gb)
		return ga - gb;
	if (ga <= 1 && (r = cmp_i64(sa->left, sb->left)))
		return r;
	if (ga == 3
	    && (r = cmp_i64(a->first_response_at, b->first_response_at)))
		return r;
	if (ga == 4 && (r = cmp_i64(b->resolved_at, a->resolved_at)))
		return r;
	return cmp_i64(a->rowid, b->rowid);
}
