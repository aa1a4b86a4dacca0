/*
 * import_aws.c - `import --format aws`: the JSON of `aws support
 * describe-cases` (SPEC §3). New cases are inserted like any import's;
 * a case whose caseId is known is brought up to date instead.
 *
 * JSON is read through SQLite's JSON functions (store_json_each). The
 * document, one JSON value, is read whole, up to a limit.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cases/bulk.h"
#include "cases/case.h"
#include "cases/error.h"
#include "cases/plan.h"
#include "cases/store.h"
#include "cases/timefmt.h"
#include "import_priv.h"

static int
nomem(char *err)
{
	return cases_errf(err, CASES_ENOMEM, "out of memory");
}

/* "cases[N] (caseId): reason" or "cases[N]: reason", on one line whatever
 * the reason quotes. Database, memory and input failures keep their
 * status; anything else is bad input. */
static int
at_case(int64_t index, int rc, char *err)
{
	char inner[CASES_ERRMAX];

	if (rc == CASES_EDB || rc == CASES_ENOMEM || rc == CASES_EIO)
		return rc;
	snprintf(inner, sizeof(inner), "%s", err);
	for (char *p = inner; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	}
	return cases_errf(err, CASES_EINVAL, "cases[%lld]%s%s",
			  (long long)index, inner[0] == '(' ? " " : ": ",
			  inner);
}

/* What one AWS case says, copied out of the JSON (owned). */
struct aws_case {
	char *case_id;
	char *display_id;
	char *subject;
	char *status;
	char *severity_code;
	char *service_code;
	char *time_created;
	char *submitted_by;
	int64_t opened_at;
	int64_t first_response; /* earliest not by submitted_by */
	int64_t latest;		/* latest communication */
	int64_t ncomm;
	char *err;
};

static void
aws_case_release(struct aws_case *a)
{
	free(a->case_id);
	free(a->display_id);
	free(a->subject);
	free(a->status);
	free(a->severity_code);
	free(a->service_code);
	free(a->time_created);
	free(a->submitted_by);
}

static int
key_is(const struct store_json_item *it, const char *name)
{
	return it->key && strlen(name) == it->keylen &&
	       memcmp(it->key, name, it->keylen) == 0;
}

/* Copy a string member; null leaves *dst NULL. */
static int
take_text(const struct store_json_item *it, const char *name, char **dst,
	  char *err)
{
	if (it->type == STORE_JSON_NULL)
		return CASES_OK;
	if (it->type != STORE_JSON_TEXT)
		return cases_errf(err, CASES_EINVAL, "%s must be a string",
				  name);
	if (strlen(it->value) != it->len)
		return cases_errf(err, CASES_EINVAL,
				  "%s contains a NUL character", name);
	free(*dst);
	*dst = strdup(it->value);
	return *dst ? CASES_OK : nomem(err);
}

static int
aws_field(void *arg, const struct store_json_item *it)
{
	struct aws_case *a = arg;
	static const char *const names[] = {
		"caseId",      "displayId",   "subject",     "status",
		"severityCode", "serviceCode", "timeCreated", "submittedBy",
	};
	char **dst[] = {
		&a->case_id,	   &a->display_id,   &a->subject,
		&a->status,	   &a->severity_code, &a->service_code,
		&a->time_created, &a->submitted_by,
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (key_is(it, names[i]))
			return take_text(it, names[i], dst[i], a->err);
	}
	return CASES_OK; /* AWS sends more than we use */
}

struct aws_comm {
	char *submitted_by;
	char *time_created;
	char *err;
};

static int
comm_field(void *arg, const struct store_json_item *it)
{
	struct aws_comm *m = arg;

	if (key_is(it, "submittedBy"))
		return take_text(it, "submittedBy", &m->submitted_by, m->err);
	if (key_is(it, "timeCreated"))
		return take_text(it, "timeCreated", &m->time_created, m->err);
	return CASES_OK;
}

struct aws_walk {
	struct importer *im;
	struct aws_case *a;
	char *err;
};

static int
aws_comm(void *arg, const struct store_json_item *it)
{
	struct aws_walk *w = arg;
	struct aws_case *a = w->a;
	struct aws_comm m = { .err = w->err };
	char field[64];
	int64_t t;
	int rc;

	snprintf(field, sizeof(field), "communications[%lld].timeCreated",
		 (long long)it->index);
	if (it->type != STORE_JSON_OBJECT)
		return cases_errf(w->err, CASES_EINVAL,
				  "communications[%lld] is not an object",
				  (long long)it->index);
	rc = store_json_each(w->im->st, 2, it->value, it->len, "$",
			     comm_field, &m, w->err);
	if (rc == CASES_OK && !m.time_created)
		rc = cases_errf(w->err, CASES_EINVAL, "missing %s", field);
	if (rc == CASES_OK && !m.submitted_by)
		rc = cases_errf(w->err, CASES_EINVAL,
				"missing communications[%lld].submittedBy",
				(long long)it->index);
	if (rc == CASES_OK)
		rc = import_parse_time(field, m.time_created, &t, w->err);
	if (rc == CASES_OK) {
		a->ncomm++;
		if (a->latest == CASE_NONE || t > a->latest)
			a->latest = t;
		/* Addresses compare without regard to case. */
		if (strcasecmp(m.submitted_by, a->submitted_by) != 0 &&
		    (a->first_response == CASE_NONE || t < a->first_response))
			a->first_response = t;
	}
	free(m.submitted_by);
	free(m.time_created);
	return rc;
}

/* What AWS says of a case -> an import_case (the caller sets its plan or
 * account and the origin). */
static int
aws_to_case(const struct aws_case *a, struct import_case *ic, char *err)
{
	import_case_init(ic);
	if (!a->subject)
		return cases_errf(err, CASES_EINVAL, "missing subject");
	if (!a->severity_code)
		return cases_errf(err, CASES_EINVAL, "missing severityCode");
	if (plan_severity_parse(a->severity_code, &ic->severity, err))
		return cases_errf(err, CASES_EINVAL,
				  "unknown severityCode '%.64s' (expected one "
				  "of: low, normal, high, urgent, critical)",
				  a->severity_code);
	if (a->service_code && (strcmp(a->service_code, "billing") == 0 ||
				strcmp(a->service_code, "customer-account") ==
					0)) {
		/* Account and billing cases take general (SPEC §1). */
		ic->category = CAT_ACCOUNT_BILLING;
		ic->severity = SEV_GENERAL;
	}
	ic->channel = CH_CONSOLE;
	ic->external_id = a->case_id;
	ic->subject = a->subject;
	ic->opened_at = a->opened_at;
	ic->first_response_at = a->first_response;
	if (a->status && strcmp(a->status, "resolved") == 0)
		ic->resolved_at = a->latest != CASE_NONE ? a->latest
							 : a->opened_at;
	return CASES_OK;
}

/* Bring a known case up to date with what AWS says now. */
static int
aws_update(struct importer *im, struct case_rec *c,
	   const struct import_case *ic, char *err)
{
	int64_t at = im->req->now > c->opened_at ? im->req->now : c->opened_at;
	char detail[160], t[TIMEFMT_MAX];
	int sev = c->category == CAT_ACCOUNT_BILLING ? SEV_GENERAL
						      : ic->severity;
	int changed = 0, rc;

	/* The first response carries its own (earlier) time: apply it
	 * before a severity change seen now, which then no longer moves
	 * due_at (SPEC §2). */
	if (ic->first_response_at != CASE_NONE &&
	    (c->first_response_at == CASE_NONE ||
	     ic->first_response_at < c->first_response_at)) {
		rc = import_not_before("first response", ic->first_response_at,
				c->opened_at, err);
		if (rc == CASES_OK && c->first_response_at == CASE_NONE)
			rc = store_import_event(im->st, c->rowid,
						ic->first_response_at,
						"responded", NULL, err);
		if (rc)
			return rc;
		c->first_response_at = ic->first_response_at;
		changed = 1;
	}
	if (sev != c->severity) {
		struct plan p;
		int old = c->severity;
		rc = store_plan_get_ver(im->st, c->plan_ver, &p, err);
		if (rc == CASES_OK)
			rc = plan_check_severity(&p, sev, c->category, err);
		if (rc)
			return rc;
		c->severity = sev;
		if (c->first_response_at == CASE_NONE) {
			int64_t target = plan_case_target(&p, sev, c->category,
							  &c->clock);
			c->target_s = target > 0 ? target : CASE_NONE;
			rc = import_compute_due(im, c, err);
			if (rc)
				return rc;
		}
		if (c->due_at != CASE_NONE)
			snprintf(detail, sizeof(detail),
				 "%s -> %s (AWS), due %s",
				 plan_severity_name(old),
				 plan_severity_name(sev),
				 timefmt_rfc3339(c->due_at, t));
		else
			snprintf(detail, sizeof(detail),
				 "%s -> %s (AWS), no target",
				 plan_severity_name(old),
				 plan_severity_name(sev));
		rc = store_import_event(im->st, c->rowid, at,
					"severity-changed", detail, err);
		if (rc)
			return rc;
		changed = 1;
	}
	if (ic->resolved_at != CASE_NONE && c->resolved_at == CASE_NONE) {
		rc = import_not_before("resolution", ic->resolved_at, c->opened_at,
				err);
		if (rc == CASES_OK)
			rc = store_import_event(im->st, c->rowid,
						ic->resolved_at, "resolved",
						NULL, err);
		if (rc)
			return rc;
		c->resolved_at = ic->resolved_at;
		changed = 1;
	} else if (ic->resolved_at == CASE_NONE &&
		   c->resolved_at != CASE_NONE) {
		rc = store_import_event(im->st, c->rowid,
					at > c->resolved_at ? at
							    : c->resolved_at,
					"reopened", NULL, err);
		if (rc)
			return rc;
		c->resolved_at = CASE_NONE;
		changed = 1;
	}
	if (!changed) {
		im->stats->unchanged++;
		return CASES_OK;
	}
	rc = store_case_update(im->st, c, err);
	if (rc == CASES_OK)
		im->stats->updated++;
	return rc;
}

static int
aws_one(struct importer *im, const char *json, size_t len, char *err)
{
	struct aws_case a = { .err = err };
	struct aws_walk w = { .im = im, .a = &a, .err = err };
	struct import_case ic;
	struct case_rec old;
	char origin[128];
	int rc;

	a.first_response = a.latest = CASE_NONE;
	rc = store_json_each(im->st, 1, json, len, "$", aws_field, &a, err);
	if (rc)
		goto out;
	if (!a.case_id) {
		rc = cases_errf(err, CASES_EINVAL, "missing caseId");
		goto out;
	}
	rc = import_check_external_id(a.case_id, err);
	if (rc)
		goto out;
	if (!a.time_created || !a.submitted_by) {
		rc = cases_errf(err, CASES_EINVAL, "missing %s",
				a.time_created ? "submittedBy" : "timeCreated");
		goto out;
	}
	rc = import_parse_time("timeCreated", a.time_created, &a.opened_at, err);
	if (rc == CASES_OK)
		rc = store_json_each(im->st, 1, json, len,
				     "$.recentCommunications.communications",
				     aws_comm, &w, err);
	if (rc == CASES_OK)
		rc = aws_to_case(&a, &ic, err);
	if (rc)
		goto out;
	rc = store_case_by_external(im->st, a.case_id, &old, err);
	if (rc == CASES_OK) {
		rc = aws_update(im, &old, &ic, err);
		case_rec_release(&old);
		goto out;
	}
	if (rc != CASES_ENOTFOUND)
		goto out;
	snprintf(origin, sizeof(origin), "imported from AWS case %.64s",
		 a.display_id ? a.display_id : a.case_id);
	for (char *p = origin; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	}
	ic.origin = origin;
	ic.plan = im->req->plan;
	ic.account = im->req->account;
	rc = import_insert(im, &ic, 0, err);
out:
	if (rc && rc != CASES_EDB && rc != CASES_ENOMEM && a.case_id) {
		char inner[CASES_ERRMAX], id[80];
		snprintf(inner, sizeof(inner), "%s", err);
		import_quote_name(a.case_id, strlen(a.case_id), id, sizeof(id));
		cases_errf(err, rc, "(%s): %s", id, inner);
	}
	aws_case_release(&a);
	return rc;
}

struct aws_list {
	struct importer *im;
	int64_t index;
	char *err;
};

static int
aws_item(void *arg, const struct store_json_item *it)
{
	struct aws_list *l = arg;

	l->index = it->index;
	if (it->type != STORE_JSON_OBJECT)
		return cases_errf(l->err, CASES_EINVAL, "not an object");
	return aws_one(l->im, it->value, it->len, l->err);
}

/* The whole input, up to BULK_AWS_MAX bytes. */
static int
read_all(FILE *f, char **out, size_t *len, char *err)
{
	size_t cap = 65536, n = 0, got;
	char *buf = malloc(cap), *more;

	if (!buf)
		return nomem(err);
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n < cap)
			continue;
		if (cap >= (size_t)BULK_AWS_MAX) {
			free(buf);
			return cases_errf(err, CASES_EINVAL,
					  "input larger than %ld MiB",
					  BULK_AWS_MAX / (1024 * 1024));
		}
		more = realloc(buf, cap * 2);
		if (!more) {
			free(buf);
			return nomem(err);
		}
		buf = more;
		cap *= 2;
	}
	if (ferror(f)) {
		int e = errno ? errno : EIO;
		free(buf);
		return cases_errf(err, CASES_EIO, "reading input: %s",
				  strerror(e));
	}
	*out = buf;
	*len = n;
	return CASES_OK;
}

int
import_aws_run(struct importer *im, char *err)
{
	struct aws_list l = { .im = im, .index = -1, .err = err };
	char *doc = NULL;
	size_t len = 0;
	int type = -1, rc;

	if (!im->req->plan == !im->req->account)
		return cases_errf(err, CASES_EINVAL,
				  "--format aws needs --plan P or --account A "
				  "(one of them): the plan of the new cases");
	/* Check them before reading: an unknown one is not found (3). */
	if (im->req->account) {
		if (!import_acct_get(im, im->req->account, err, &rc))
			return rc;
	} else if (!import_plan_get(im, im->req->plan, err, &rc)) {
		return rc;
	}
	rc = read_all(im->req->in, &doc, &len, err);
	if (rc)
		return rc;
	if (has_nul_escape(doc, len)) {
		free(doc);
		return cases_errf(err, CASES_EINVAL,
				  "a string holds \\u0000 (a NUL character)");
	}
	rc = store_json_type(im->st, doc, len, "$.cases", &type, err);
	if (rc == CASES_OK && type != STORE_JSON_ARRAY)
		rc = cases_errf(err, CASES_EINVAL,
				"expected the JSON of 'aws support "
				"describe-cases' (an object with a \"cases\" "
				"array)");
	if (rc == CASES_OK)
		rc = store_json_each(im->st, 0, doc, len, "$.cases", aws_item,
				     &l, err);
	if (rc && l.index >= 0)
		rc = at_case(l.index, rc, err);
	free(doc);
	return rc;
}

