/*
 * case.c - the rules of a case's lifecycle (docs/domain.md sections 8
 * and 9, docs/deadlines.md).
 *
 * Rules live here; storage is the store's. Every function checks all of its
 * input before it writes anything, so a failure leaves the database as it
 * was (the caller rolls the transaction back in any case).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <uuid/uuid.h>

#include "cases/calcache.h"
#include "cases/case.h"
#include "cases/catalog.h"
#include "cases/error.h"
#include "cases/store.h"
#include "cases/timefmt.h"
#include "cases/utf8.h"

int
case_text_check(const char *s, const char *what, char *err)
{
	size_t n = strlen(s);

	if (n == 0)
		return cases_errf(err, CASES_EINVAL, "empty %s", what);
	if (n > CASE_SUBJECT_MAX)
		return cases_errf(err, CASES_EINVAL,
				  "%s too long (%zu bytes; the limit is %d)",
				  what, n, CASE_SUBJECT_MAX);
	if (!utf8_valid(s, n))
		return cases_errf(err, CASES_EINVAL, "%s is not valid UTF-8",
				  what);
	return CASES_OK;
}

int
case_subject_check(const char *s, char *err)
{
	return case_text_check(s, "subject", err);
}

int
case_external_id_check(const char *s, char *err)
{
	/* An external id is a name too: bounded, printable, valid UTF-8. */
	return case_name_check(s, "external id", err);
}

int
case_name_check(const char *s, const char *what, char *err)
{
	size_t n = strlen(s);

	if (n == 0 || n > 128)
		return cases_errf(err, CASES_EINVAL,
				  "invalid %s name '%.128s' (expected 1 to 128 "
				  "bytes)",
				  what, s);
	if (!utf8_valid(s, n))
		return cases_errf(err, CASES_EINVAL,
				  "invalid %s name (not valid UTF-8)", what);
	/* A name is shown raw in text for people: nothing in it may act on
	 * a terminal (C0 and C1 controls, bidirectional overrides). */
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (utf8_is_control(cp))
			return cases_errf(err, CASES_EINVAL,
					  "invalid %s name (control "
					  "characters are not allowed)",
					  what);
		i += k;
	}
	if (s[0] == '-')
		return cases_errf(err, CASES_EINVAL,
				  "invalid %s name '%s' (must not start with "
				  "'-')",
				  what, s);
	return CASES_OK;
}

/* A deadline past the last instant cases can write (and so read back). */
static int
past_the_limit(const struct case_rec *c, char *err)
{
	char t[TIMEFMT_MAX], d[TIMEFMT_MAX];

	return cases_errf(err, CASES_EINVAL,
			  "the deadline of a case opened %s with a target of "
			  "%s would fall after " TIMEFMT_INSTANT_MAX_TEXT
			  ", the latest time cases can record",
			  timefmt_rfc3339(c->opened_at, t),
			  timefmt_duration_spec(c->target_s, d));
}

int
case_deadline(struct case_rec *c, const struct calendar *cal, char *err)
{
	int64_t due;
	int rc;

	if (c->target_s == CASE_NONE) {
		c->due_at = CASE_NONE;
		return CASES_OK;
	}
	if (c->clock == CLOCK_24X7) {
		if (c->opened_at > TIMEFMT_INSTANT_MAX - c->target_s)
			return past_the_limit(c, err);
		c->due_at = c->opened_at + c->target_s;
		return CASES_OK;
	}
	if (!cal)
		return cases_errf(err, CASES_EINVAL,
				  "a business-hours target needs a calendar");
	rc = sla_due(cal, c->opened_at, c->target_s, &due, err);
	if (rc == CASES_OK && due > TIMEFMT_INSTANT_MAX)
		return past_the_limit(c, err);
	if (rc == CASES_OK)
		c->due_at = due;
	return rc;
}

/* due_at for c's target, clock and calendar version, the calendar
 * through cals (NULL: a cache for this call). */
static int
compute_due(struct store *st, struct calcache *cals, struct case_rec *c,
	    char *err)
{
	const struct calendar *cal = NULL;
	struct calcache own;
	int rc;

	if (c->target_s == CASE_NONE || c->clock == CLOCK_24X7)
		return case_deadline(c, NULL, err);
	if (!cals) {
		calcache_init(&own, st);
		cals = &own;
	}
	rc = calcache_calendar(cals, c->cal_ver, &cal, err);
	if (rc == CASES_OK)
		rc = case_deadline(c, cal, err);
	if (cals == &own)
		calcache_release(&own);
	return rc;
}

static int
check_time(const struct case_rec *c, int64_t at, const char *what, char *err)
{
	char a[TIMEFMT_MAX], o[TIMEFMT_MAX];

	if (at >= c->opened_at)
		return CASES_OK;
	return cases_errf(err, CASES_EINVAL,
			  "%s time %s is before the case was opened (%s)", what,
			  timefmt_rfc3339(at, a),
			  timefmt_rfc3339(c->opened_at, o));
}

int64_t
case_target(const struct plan *plan, int sev, int cat, int *clock)
{
	int64_t target = plan_case_target(plan, sev, cat, clock);

	return target > 0 ? target : CASE_NONE;
}

/* The calendar version of a new case: in->calendar, else the default
 * calendar in in->tz, else in->cal_ver, else the default in UTC. */
static int
new_calendar(struct store *st, const struct case_new *in, int64_t *ver,
	     char *err)
{
	struct cal_rec cr;
	int rc;

	if (in->calendar) {
		rc = store_calendar_get(st, in->calendar, &cr, err);
		if (rc)
			return rc;
		*ver = cr.ver;
		cal_rec_release(&cr);
		return CASES_OK;
	}
	if (in->tz)
		return catalog_zone_calendar(st, in->tz, ver, err);
	if (in->cal_ver) {
		*ver = in->cal_ver;
		return CASES_OK;
	}
	return catalog_zone_calendar(st, NULL, ver, err);
}

int
case_prepare(struct store *st, const struct case_new *in, struct calcache *cals,
	     struct case_rec *out, char *opened, int *refused, char *err)
{
	const struct plan *p = in->plan;
	struct case_rec c;
	uuid_t uu;
	int rc;

	if (refused)
		*refused = 0;
	case_rec_init(&c);
	c.severity = in->severity;
	if (c.severity == SEV_NONE) {
		if (in->category != CAT_ACCOUNT_BILLING)
			return cases_errf(err, CASES_EINVAL,
					  "missing %s (expected one of: "
					  "general, system-impaired, "
					  "prod-impaired, prod-down, "
					  "business-critical)",
					  in->severity_word ? in->severity_word
							    : "severity");
		c.severity = SEV_GENERAL;
	}
	rc = plan_check_case(p, c.severity, in->category, in->channel, err);
	if (rc == CASES_EINVAL && refused)
		*refused = 1;
	if (rc == CASES_EINVAL && in->anyway)
		rc = CASES_OK; /* err keeps the reason */
	if (rc)
		return rc;
	rc = new_calendar(st, in, &c.cal_ver, err);
	if (rc)
		return rc;
	c.account_id = in->account_id;
	c.plan_id = p->id;
	c.plan_ver = p->ver;
	c.category = in->category;
	c.channel = in->channel;
	c.subject = (char *)in->subject;
	c.external_id = (char *)in->external_id;
	c.opened_at = in->opened_at;
	c.target_s = case_target(p, c.severity, c.category, &c.clock);
	c.due_at = in->due_at;
	if (c.due_at == CASE_NONE) {
		rc = compute_due(st, cals, &c, err);
		if (rc)
			return rc;
	}
	if (in->uuid) {
		memcpy(c.uuid, in->uuid, 16);
	} else {
		uuid_generate_random(uu);
		memcpy(c.uuid, uu, 16);
	}
	case_uuid_format(c.uuid, c.id);
	snprintf(opened, CASE_OPENED_MAX,
		 "%s%splan %s, severity %s, category %s, channel %s",
		 in->origin ? in->origin : "", in->origin ? ": " : "", p->name,
		 plan_severity_name(c.severity), plan_category_name(c.category),
		 plan_channel_name(c.channel));
	*out = c;
	return CASES_OK;
}

int
case_apply_severity(struct store *st, struct case_rec *c,
		    const struct plan *plan, int severity,
		    struct calcache *cals, int anyway, int *refused, char *err)
{
	struct case_rec n = *c;
	int rc;

	if (refused)
		*refused = 0;
	rc = plan_check_severity(plan, severity, c->category, err);
	if (rc == CASES_EINVAL && refused)
		*refused = 1;
	if (rc == CASES_EINVAL && anyway)
		rc = CASES_OK; /* err keeps the reason */
	if (rc)
		return rc;
	n.severity = severity;
	if (n.first_response_at == CASE_NONE) {
		/* From opened_at: elapsed time is kept. */
		n.target_s = case_target(plan, severity, n.category, &n.clock);
		rc = compute_due(st, cals, &n, err);
		if (rc)
			return rc;
	}
	*c = n;
	return CASES_OK;
}

int
case_open(struct store *st, const struct case_open_req *req,
	  struct case_rec *out, char *err)
{
	struct account_rec acct = { 0 };
	struct plan plan;
	struct case_new in = { .plan = &plan,
			       .calendar = req->calendar,
			       .tz = req->tz,
			       .severity = req->severity,
			       .category = req->category,
			       .channel = req->channel,
			       .subject = req->subject,
			       .external_id = req->external_id,
			       .opened_at = req->opened_at,
			       .due_at = CASE_NONE,
			       .severity_word = "--severity" };
	struct case_rec c;
	char opened[CASE_OPENED_MAX];
	int have_acct = 0, rc;

	case_rec_init(out);
	rc = case_subject_check(req->subject, err);
	if (rc == CASES_OK && req->external_id)
		rc = case_external_id_check(req->external_id, err);
	if (rc)
		return rc;
	if (req->account) {
		rc = store_account_get(st, req->account, &acct, err);
		if (rc)
			return rc;
		have_acct = 1;
		in.account_id = acct.id;
		in.cal_ver = acct.cal_ver;
		rc = store_plan_get(st, acct.plan, &plan, err);
	} else if (req->plan) {
		rc = store_plan_get(st, req->plan, &plan, err);
	} else {
		rc = cases_errf(err, CASES_EINVAL,
				"a case needs --plan or --account");
	}
	if (rc == CASES_OK)
		rc = case_prepare(st, &in, NULL, &c, opened, NULL, err);
	if (rc == CASES_OK)
		rc = store_case_insert(st, &c, err);
	if (rc == CASES_OK)
		rc = store_event_add(st, c.rowid, c.opened_at, "opened", opened,
				     -1, NULL, err);
	if (rc)
		goto out;
	c.account = have_acct ? store_account_name(st, acct.id) : NULL;
	c.plan = store_plan_name(st, plan.id);
	if (case_rec_copy(&c, out) != CASES_OK)
		rc = cases_errf(err, CASES_ENOMEM, "out of memory");
out:
	account_rec_release(&acct);
	return rc;
}

/* Parse an id or prefix: hex digits, dashes ignored, 8..32 digits. */
static int
parse_prefix(const char *id, unsigned char pfx[16], int *nlen, char *err)
{
	int n = 0;

	memset(pfx, 0, 16);
	for (const char *p = id; *p; p++) {
		int v;
		if (*p == '-')
			continue;
		if (!isxdigit((unsigned char)*p) || n >= 32)
			goto bad;
		v = isdigit((unsigned char)*p)
			    ? *p - '0'
			    : tolower((unsigned char)*p) - 'a' + 10;
		pfx[n / 2] |= (unsigned char)(n % 2 ? v : v << 4);
		n++;
	}
	if (n < 8)
		goto bad;
	*nlen = n;
	return CASES_OK;
bad:
	return cases_errf(err, CASES_EINVAL,
			  "invalid case id '%.64s' (expected a case number "
			  "like 42 or #42, a case id, or at least 8 of its "
			  "leading hex digits)",
			  id);
}

struct prefix_ctx {
	struct case_rec *out;
	char ids[10][CASE_ID_LEN];
	int n;
};

static int
prefix_cb(void *arg, const struct case_rec *c)
{
	struct prefix_ctx *ctx = arg;

	if (ctx->n == 0 && case_rec_copy(c, ctx->out) != CASES_OK)
		return CASES_ENOMEM;
	if (ctx->n < 10)
		memcpy(ctx->ids[ctx->n], c->id, CASE_ID_LEN);
	ctx->n++;
	return 0;
}

/* A case number: digits only, or '#' and digits (1 .. 2^63 - 1). Returns
 * 1 with *n set, 0 when s is not one, -1 when it is too large. */
static int
parse_number(const char *s, int64_t *n)
{
	const char *p = s + (*s == '#');
	int64_t v = 0;

	if (!*p || p[strspn(p, "0123456789")] != '\0')
		return 0;
	for (const char *q = p; *q; q++) {
		if (v > (INT64_MAX - (*q - '0')) / 10)
			return -1;
		v = v * 10 + (*q - '0');
	}
	*n = v;
	return 1;
}

static int
deleted_cb(void *arg, const struct deleted_rec *d)
{
	char *msg = arg, t[TIMEFMT_MAX];

	snprintf(msg, CASES_ERRMAX, "case #%lld was deleted at %s%s%s",
		 (long long)d->number, timefmt_rfc3339(d->deleted_at, t),
		 d->deleted_by ? " by " : "",
		 d->deleted_by ? d->deleted_by : "");
	return 0;
}

/* CASES_ENOTFOUND for case number n (typed as id): "no case", or, when
 * the deletion log has it, when and by whom it was deleted. */
static int
no_such_number(struct store *st, const char *id, int64_t n, char *err)
{
	char msg[CASES_ERRMAX];
	int count = 0, rc;

	rc = store_deleted_get(st, n, deleted_cb, msg, &count, err);
	if (rc)
		return rc;
	if (count)
		return cases_errf(err, CASES_ENOTFOUND, "%s", msg);
	return cases_errf(err, CASES_ENOTFOUND, "no case '%.64s'", id);
}

int
case_get(struct store *st, const char *id, struct case_rec *out, char *err)
{
	struct prefix_ctx ctx = { .out = out };
	unsigned char pfx[16];
	char list[CASES_ERRMAX];
	int nlen = 0, count, rc, isnum;
	int64_t number = 0;

	case_rec_init(out);
	isnum = parse_number(id, &number);
	if (isnum < 0 || (isnum && number == 0))
		return cases_errf(err, CASES_ENOTFOUND, "no case '%.64s'", id);
	if (isnum) {
		rc = store_case_by_number(st, number, prefix_cb, &ctx, &count,
					  err);
		if (rc == CASES_OK && count == 0)
			rc = no_such_number(st, id, number, err);
		if (rc) {
			case_rec_release(out);
			return rc == CASES_ENOMEM
				       ? cases_errf(err, rc, "out of memory")
				       : rc;
		}
		return CASES_OK;
	}
	rc = parse_prefix(id, pfx, &nlen, err);
	if (rc)
		return rc;
	rc = store_case_by_prefix(st, pfx, nlen, 10, prefix_cb, &ctx, &count,
				  err);
	if (rc) {
		case_rec_release(out);
		return rc == CASES_ENOMEM ? cases_errf(err, rc, "out of memory")
					  : rc;
	}
	if (count == 0)
		return cases_errf(err, CASES_ENOTFOUND, "no case '%s'", id);
	if (count > 1) {
		size_t used = 0;
		list[0] = '\0';
		for (int i = 0; i < ctx.n && i < 10; i++) {
			int w = snprintf(list + used, sizeof(list) - used,
					 "%s%s", i ? ", " : "", ctx.ids[i]);
			if (w < 0 || (size_t)w >= sizeof(list) - used)
				break;
			used += (size_t)w;
		}
		case_rec_release(out);
		return cases_errf(err, CASES_EINVAL,
				  "ambiguous case id '%s' matches %d cases: "
				  "%s%s",
				  id, count, list, count > 10 ? ", ..." : "");
	}
	return CASES_OK;
}

static int
not_resolved(const struct case_rec *c, const char *what, char *err)
{
	if (c->resolved_at == CASE_NONE)
		return CASES_OK;
	return cases_errf(err, CASES_EINVAL,
			  "case %s is resolved; reopen it before you %s it",
			  c->id, what);
}

int
case_respond(struct store *st, struct case_rec *c, int64_t at, const char *note,
	     int *first, char *err)
{
	return case_respond_by(st, c, at, note, NULL, first, err);
}

int
case_respond_by(struct store *st, struct case_rec *c, int64_t at,
		const char *note, const char *author, int *first, char *err)
{
	char t[TIMEFMT_MAX], detail[64];
	int rc;

	*first = 0;
	rc = not_resolved(c, "respond to", err);
	if (rc == CASES_OK)
		rc = check_time(c, at, "response", err);
	if (rc)
		return rc;
	if (note) {
		rc = case_text_check(note, "note", err);
		if (rc)
			return rc;
	}
	if (c->first_response_at != CASE_NONE) {
		snprintf(detail, sizeof(detail),
			 "response (first response was %s)",
			 timefmt_rfc3339(c->first_response_at, t));
		return store_event_add_by(st, c->rowid, at, "note",
					  note ? note : detail, author, -1,
					  NULL, err);
	}
	c->first_response_at = at;
	rc = store_case_update(st, c, err);
	if (rc)
		return rc;
	*first = 1;
	return store_event_add_by(st, c->rowid, at, "responded", note, author,
				  -1, NULL, err);
}

int
case_escalate(struct store *st, struct case_rec *c, int severity, int64_t at,
	      char *err)
{
	struct plan plan;
	char detail[160], t[TIMEFMT_MAX];
	int old = c->severity, rc;

	rc = not_resolved(c, "escalate", err);
	if (rc == CASES_OK)
		rc = check_time(c, at, "escalation", err);
	if (rc)
		return rc;
	if (severity == c->severity)
		return cases_errf(err, CASES_EINVAL,
				  "case %s already has severity '%s'", c->id,
				  plan_severity_name(severity));
	rc = store_plan_get_ver(st, c->plan_ver, &plan, err);
	if (rc == CASES_OK)
		rc = case_apply_severity(st, c, &plan, severity, NULL, 0, NULL,
					 err);
	if (rc)
		return rc;
	if (c->due_at != CASE_NONE)
		snprintf(detail, sizeof(detail), "%s -> %s, due %s",
			 plan_severity_name(old), plan_severity_name(severity),
			 timefmt_rfc3339(c->due_at, t));
	else
		snprintf(detail, sizeof(detail), "%s -> %s, no target",
			 plan_severity_name(old), plan_severity_name(severity));
	rc = store_case_update(st, c, err);
	if (rc)
		return rc;
	return store_event_add(st, c->rowid, at, "severity-changed", detail, -1,
			       NULL, err);
}

int
case_resolve(struct store *st, struct case_rec *c, int64_t at, char *err)
{
	int rc;

	if (c->resolved_at != CASE_NONE)
		return cases_errf(err, CASES_EINVAL,
				  "case %s is already resolved", c->id);
	rc = check_time(c, at, "resolution", err);
	if (rc)
		return rc;
	c->resolved_at = at;
	rc = store_case_update(st, c, err);
	if (rc)
		return rc;
	return store_event_add(st, c->rowid, at, "resolved", NULL, -1, NULL,
			       err);
}

int
case_reopen(struct store *st, struct case_rec *c, int64_t at, char *err)
{
	char a[TIMEFMT_MAX], r[TIMEFMT_MAX];
	int rc;

	if (c->resolved_at == CASE_NONE)
		return cases_errf(err, CASES_EINVAL, "case %s is not resolved",
				  c->id);
	if (at < c->resolved_at)
		return cases_errf(err, CASES_EINVAL,
				  "reopen time %s is before the case was "
				  "resolved (%s)",
				  timefmt_rfc3339(at, a),
				  timefmt_rfc3339(c->resolved_at, r));
	c->resolved_at = CASE_NONE;
	rc = store_case_update(st, c, err);
	if (rc)
		return rc;
	return store_event_add(st, c->rowid, at, "reopened", NULL, -1, NULL,
			       err);
}

int
case_note(struct store *st, struct case_rec *c, int64_t at, const char *text,
	  char *err)
{
	return case_note_by(st, c, at, text, NULL, err);
}

int
case_note_by(struct store *st, struct case_rec *c, int64_t at, const char *text,
	     const char *author, char *err)
{
	int rc = case_text_check(text, "note", err);

	if (rc == CASES_OK)
		rc = check_time(c, at, "note", err);
	if (rc)
		return rc;
	return store_event_add_by(st, c->rowid, at, "note", text, author, -1,
				  NULL, err);
}

int
case_note_customer(struct store *st, struct case_rec *c, int64_t at,
		   const char *text, const char *submitted_by, char *err)
{
	int rc = case_text_check(text, "note", err);

	if (rc == CASES_OK)
		rc = check_time(c, at, "note", err);
	if (rc)
		return rc;
	return store_event_add_customer(st, c->rowid, at, text, submitted_by,
					err);
}

int
case_assign(struct store *st, struct case_rec *c, const char *assignee,
	    int64_t at, char *err)
{
	char *copy = NULL;
	int rc;

	if (assignee) {
		rc = case_name_check(assignee, "assignee", err);
		if (rc)
			return rc;
	}
	rc = check_time(c, at, "assignment", err);
	if (rc)
		return rc;
	if (!assignee && !c->assignee)
		return cases_errf(err, CASES_EINVAL,
				  "case #%lld is not assigned",
				  (long long)c->rowid);
	if (assignee && c->assignee && strcmp(assignee, c->assignee) == 0)
		return cases_errf(err, CASES_EINVAL,
				  "case #%lld is already assigned to %s",
				  (long long)c->rowid, assignee);
	if (assignee && !(copy = strdup(assignee)))
		return cases_errf(err, CASES_ENOMEM, "out of memory");
	rc = store_case_assign(st, c->rowid, assignee, err);
	if (rc == CASES_OK)
		rc = store_event_add(st, c->rowid, at, "assigned", assignee, -1,
				     NULL, err);
	if (rc) {
		free(copy);
		return rc;
	}
	free(c->assignee);
	c->assignee = copy;
	return CASES_OK;
}

/* The detail of an "edited" event: the field and its old value. */
static int
edited_event(struct store *st, const struct case_rec *c, int64_t at,
	     const char *field, const char *old, char *err)
{
	size_t n = strlen(field) + (old ? strlen(old) : 0) + 16;
	char *detail = malloc(n);
	int rc;

	if (!detail)
		return cases_errf(err, CASES_ENOMEM, "out of memory");
	if (old)
		snprintf(detail, n, "%s was: %s", field, old);
	else
		snprintf(detail, n, "%s was not set", field);
	rc = store_event_add(st, c->rowid, at, "edited", detail, -1, NULL, err);
	free(detail);
	return rc;
}

int
case_edit(struct store *st, struct case_rec *c, const char *subject,
	  const char *external_id, int64_t at, char *err)
{
	struct case_rec n = *c;
	const char *want_ext;
	int same_subject, same_ext, rc = CASES_OK;

	if (!subject && !external_id)
		return cases_errf(err, CASES_EINVAL,
				  "nothing to change (give --subject, "
				  "--external-id or both)");
	if (subject)
		rc = case_subject_check(subject, err);
	if (rc == CASES_OK && external_id)
		rc = case_external_id_check(external_id, err);
	if (rc == CASES_OK)
		rc = check_time(c, at, "edit", err);
	if (rc)
		return rc;
	same_subject = !subject || strcmp(subject, c->subject) == 0;
	same_ext =
		!external_id
		|| (c->external_id && strcmp(external_id, c->external_id) == 0);
	if (same_subject && same_ext)
		return cases_errf(err, CASES_EINVAL,
				  "nothing to change: case #%lld already has "
				  "%s",
				  (long long)c->rowid,
				  subject && external_id ? "this subject and "
							   "external id"
				  : subject		 ? "this subject"
							 : "this external id");
	if (!same_subject)
		n.subject = (char *)subject;
	if (!same_ext)
		n.external_id = (char *)external_id;
	rc = store_case_edit(st, &n, err);
	if (rc == CASES_OK && !same_subject)
		rc = edited_event(st, c, at, "subject", c->subject, err);
	if (rc == CASES_OK && !same_ext)
		rc = edited_event(st, c, at, "external id", c->external_id,
				  err);
	if (rc)
		return rc;
	/* c owns its strings: the new ones are copied in. */
	want_ext = n.external_id;
	n.subject = strdup(n.subject);
	n.external_id = want_ext ? strdup(want_ext) : NULL;
	if (!n.subject || (want_ext && !n.external_id)) {
		free(n.subject);
		free(n.external_id);
		return cases_errf(err, CASES_ENOMEM, "out of memory");
	}
	free(c->subject);
	free(c->external_id);
	c->subject = n.subject;
	c->external_id = n.external_id;
	return CASES_OK;
}

int
case_delete(struct store *st, const struct case_rec *c, int64_t at, char *err)
{
	int rc = check_time(c, at, "deletion", err);

	if (rc)
		return rc;
	return store_case_delete(st, c, at, NULL, err);
}

/* ---- a case as it stood at an earlier instant ---- */

/* One severity change, read from its event's detail ("general ->
 * prod-down, due ...", "... (AWS), ..."). */
struct sev_change {
	int64_t at;
	int from, to;
};

/* A field's value at t, as an "edited" event after t kept it. */
struct then {
	int known;   /* an edit after t said what it was */
	char *value; /* NULL: not set */
};

struct replay {
	int64_t t;
	struct sev_change *sev; /* the changes dated at or before t */
	size_t nsev, capsev;
	int first_from; /* the severity before the first change; 0: none */
	int later_sev;	/* a severity change dated after t */
	int later_res;	/* a resolution or reopening dated after t */
	int64_t res;	/* resolved_at by the events dated at or before t */
	int bad;	/* a severity change that could not be read */
	/* Edits and assignments (docs/deadlines.md "Reading the past"):
	 * the value a field had at t is the old value kept by the first
	 * edit after t; the assignee, the last assignment at or before t. */
	struct then subject, external_id;
	int later_assign; /* an assignment dated after t */
	char *assignee;	  /* by the assignments at or before t; NULL: none */
};

/* The severity named at s, up to the first of stops; 0 when none. */
static int
sev_word(const char *s, const char *stops)
{
	char word[32], e[CASES_ERRMAX];
	size_t n = strcspn(s, stops);
	int sev;

	if (n == 0 || n >= sizeof(word))
		return 0;
	memcpy(word, s, n);
	word[n] = '\0';
	return plan_severity_parse(word, &sev, e) == CASES_OK ? sev : 0;
}

/* An "edited" event's detail, "FIELD was: OLD" or "FIELD was not set"
 * (case_edit()), for field: into *th, unless an earlier edit after t
 * already told. 1 when it was this field's, 0 when not, -1 on ENOMEM. */
static int
edited_then(const char *detail, const char *field, struct then *th)
{
	size_t n = strlen(field);

	if (!detail || strncmp(detail, field, n) != 0)
		return 0;
	detail += n;
	if (strcmp(detail, " was not set") == 0) {
		if (!th->known)
			th->known = 1;
		return 1;
	}
	if (strncmp(detail, " was: ", 6) != 0)
		return 0;
	if (th->known)
		return 1;
	if (!(th->value = strdup(detail + 6)))
		return -1;
	th->known = 1;
	return 1;
}

static int
replay_cb(void *arg, const struct event_rec *e)
{
	struct replay *r = arg;

	if (strcmp(e->kind, "edited") == 0) {
		if (e->at <= r->t)
			return 0;
		if (edited_then(e->detail, "subject", &r->subject) < 0
		    || edited_then(e->detail, "external id", &r->external_id)
			       < 0)
			return CASES_ENOMEM;
		return 0;
	}
	if (strcmp(e->kind, "assigned") == 0) {
		char *who;

		if (e->at > r->t) {
			r->later_assign = 1;
			return 0;
		}
		who = e->detail ? strdup(e->detail) : NULL;
		if (e->detail && !who)
			return CASES_ENOMEM;
		free(r->assignee);
		r->assignee = who;
		return 0;
	}

	if (strcmp(e->kind, "severity-changed") == 0) {
		const char *arrow =
			e->detail ? strstr(e->detail, " -> ") : NULL;
		struct sev_change ch = { e->at, 0, 0 };

		if (arrow) {
			ch.from = sev_word(e->detail, " ");
			ch.to = sev_word(arrow + 4, " ,");
		}
		if (!ch.from || !ch.to) {
			r->bad = 1;
			return 0;
		}
		if (!r->first_from)
			r->first_from = ch.from;
		if (e->at > r->t) {
			r->later_sev = 1;
			return 0;
		}
		if (r->nsev == r->capsev) {
			size_t cap = r->capsev ? r->capsev * 2 : 8;
			struct sev_change *more =
				realloc(r->sev, cap * sizeof(*more));
			if (!more)
				return CASES_ENOMEM;
			r->sev = more;
			r->capsev = cap;
		}
		r->sev[r->nsev++] = ch;
		return 0;
	}
	if (strcmp(e->kind, "resolved") == 0
	    || strcmp(e->kind, "reopened") == 0) {
		if (e->at > r->t)
			r->later_res = 1;
		else
			r->res = e->kind[2] == 's' ? e->at : CASE_NONE;
	}
	return 0;
}

/* What the response of c was at t. */
static int64_t
response_at(const struct case_rec *c, int64_t t)
{
	return c->first_response_at != CASE_NONE && c->first_response_at <= t
		       ? c->first_response_at
		       : CASE_NONE;
}

/* Severity, target, clock and deadline of n as of the changes in r: the
 * severity it was opened with, then each change, the target and deadline
 * counted again from the opening while it was unanswered (as
 * case_escalate did). */
static int
replay_severity(struct store *st, struct calcache *cals,
		const struct case_rec *c, const struct replay *r,
		struct case_rec *n, char *err)
{
	struct plan plan;
	char why[CASES_ERRMAX];
	int rc = store_plan_get_ver(st, c->plan_ver, &plan, err);

	if (rc)
		return rc;
	n->first_response_at = CASE_NONE;
	/* anyway: the plan allowed it then; a refusal's reason is unused. */
	rc = case_apply_severity(st, n, &plan, r->first_from, cals, 1, NULL,
				 why);
	for (size_t i = 0; rc == CASES_OK && i < r->nsev; i++) {
		n->first_response_at = response_at(c, r->sev[i].at);
		rc = case_apply_severity(st, n, &plan, r->sev[i].to, cals, 1,
					 NULL, why);
	}
	if (rc)
		return cases_errf(err, rc, "%s", why);
	return CASES_OK;
}

int
case_as_of(struct store *st, struct calcache *cals, const struct case_rec *c,
	   int64_t t, struct case_rec *out, char *err)
{
	struct replay r = { .t = t, .res = CASE_NONE };
	struct case_rec n;
	char when[TIMEFMT_MAX];
	int rc;

	case_rec_init(out);
	if (c->opened_at > t)
		return cases_errf(
			err, CASES_ENOTFOUND, "case #%lld was opened after %s",
			(long long)c->rowid, timefmt_rfc3339(t, when));
	rc = store_event_each(st, c->rowid, replay_cb, &r, err);
	if (rc == CASES_ENOMEM)
		rc = cases_errf(err, rc, "out of memory");
	if (rc)
		goto out;
	n = *c;
	n.first_response_at = response_at(c, t);
	n.breached_at = c->breached_at <= t ? c->breached_at : CASE_NONE;
	n.warned_at = c->warned_at <= t ? c->warned_at : CASE_NONE;
	/* The record's time, unless the history goes on after t. */
	if (r.later_res)
		n.resolved_at = r.res;
	else if (c->resolved_at > t)
		n.resolved_at = CASE_NONE;
	/* A change the rules cannot read back (r.bad) leaves the record's
	 * severity and deadline. */
	if (r.later_sev && !r.bad) {
		struct case_rec s = n;
		rc = replay_severity(st, cals, c, &r, &s, err);
		if (rc)
			goto out;
		n.severity = s.severity;
		n.target_s = s.target_s;
		n.clock = s.clock;
		n.due_at = s.due_at;
	}
	/* An edit after t: the value it replaced (a subject is never
	 * unset). An assignment after t: the assignee by the earlier ones,
	 * nobody before the first (an imported assignee has no event). */
	if (r.subject.known && r.subject.value)
		n.subject = r.subject.value;
	if (r.external_id.known)
		n.external_id = r.external_id.value;
	if (r.later_assign)
		n.assignee = r.assignee;
	if (case_rec_copy(&n, out) != CASES_OK)
		rc = cases_errf(err, CASES_ENOMEM, "out of memory");
out:
	free(r.sev);
	free(r.subject.value);
	free(r.external_id.value);
	free(r.assignee);
	return rc;
}
