/*
 * api.c - the AWS Support API of `cases serve` (api.h): authentication,
 * dispatch and the seven operations.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <jansson.h>
#include <openssl/rand.h>
#include <uuid/uuid.h>

#include "api.h"
#include "cases/case.h"
#include "cases/jsonw.h"
#include "cases/keys.h"
#include "cases/plan.h"
#include "cases/sigv4.h"
#include "cases/store.h"
#include "cases/timefmt.h"

#define TARGET_PREFIX "AWSSupport_20130415."
#define JSON_TYPE     "application/x-amz-json-1.1"
#define RATE_SLOTS    1024 /* keys the rate limiter follows at once */
#define RECENT_MAX    5	   /* communications in a DescribeCases case */

struct rate_slot {
	char key[SIGV4_KEYID_MAX + 1];
	int64_t minute;
	unsigned count;
};

struct job;

struct api {
	char *db_path;
	char *staff_name;
	unsigned rate;
	int64_t (*now)(void);
	pthread_mutex_t lock; /* the rate slots */
	struct rate_slot slots[RATE_SLOTS];
	/* The writer: one thread, one connection, every write request (see
	 * writer()). wlock guards the queue, stop and each job's done. */
	struct store *wst;
	pthread_t writer;
	pthread_mutex_t wlock;
	pthread_cond_t queued, done;
	struct job *head, *tail;
	int stop;
};

/* One worker's connection. */
struct api_thread {
	struct store *st;
};

/* What a request is about, as it goes. */
struct call {
	struct api *api;
	struct store *st;
	struct httpd_response *resp;
	struct key_rec key;
	struct plan plan; /* the customer's plan (account's current) */
	int staff;	  /* a staff key */
	/* A customer's submittedBy (keys_submitted_by()). */
	char by[2 * STORE_KEYNAME_MAX + 4];
	int64_t now;
	json_t *in;
	char err[CASES_ERRMAX];
};

/* ---- errors ---- */

/* Answer with AWS's error shape. Returns CASES_OK: the request got an
 * answer (httpd's status 500 is for failures to answer at all). */
static int fail(struct call *k, int status, const char *type, const char *fmt,
		...) __attribute__((format(printf, 4, 5)));

static int
answer_error(struct httpd_response *resp, int status, const char *type,
	     const char *msg)
{
	json_t *o = json_pack("{s:s, s:s}", "__type", type, "message", msg);
	char *z = o ? json_dumps(o, JSON_COMPACT) : NULL;

	json_decref(o);
	/* Our own failure: the client is told, and so is whoever reads the
	 * server's log (the request's log line shows only the status). */
	if (status >= 500)
		fprintf(stderr, "cases: serve: %s: %s\n", type, msg);
	resp->status = status;
	resp->content_type = JSON_TYPE;
	free(resp->body);
	resp->body = NULL;
	if (!z) {
		resp->static_body = "{\"__type\":\"InternalServerError\","
				    "\"message\":\"out of memory\"}";
		resp->body_len = strlen(resp->static_body);
		resp->status = 500;
		return CASES_OK;
	}
	resp->body = z;
	resp->body_len = strlen(z);
	if (httpd_response_header(resp, "x-amzn-ErrorType", type) != CASES_OK)
		return CASES_OK; /* the header is a courtesy */
	return CASES_OK;
}

static void
server_error(struct call *k, const char *msg)
{
	answer_error(k->resp, 500, "InternalServerError", msg);
}

static int
fail(struct call *k, int status, const char *type, const char *fmt, ...)
{
	char msg[CASES_ERRMAX + 256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	answer_error(k->resp, status, type, msg);
	return -1; /* roll back */
}

static int
invalid(struct call *k, const char *msg)
{
	return fail(k, 400, "ValidationException", "%s", msg);
}

static int
not_found(struct call *k, const char *id)
{
	return fail(k, 400, "CaseIdNotFound", "Case ID not found: %.128s", id);
}

/* A library failure: bad input is the caller's, the rest is ours. */
static int
lib_error(struct call *k, int rc)
{
	if (rc == CASES_EINVAL || rc == CASES_ENOTFOUND)
		return invalid(k, k->err);
	return fail(k, 500, "InternalServerError", "%s", k->err);
}

/* ---- the request's members ---- */

/* String member name of k->in: *out NULL when absent or null. */
static int
get_str(struct call *k, const char *name, int required, const char **out)
{
	json_t *v = json_object_get(k->in, name);

	*out = NULL;
	if (!v || json_is_null(v)) {
		if (required)
			return fail(k, 400, "ValidationException",
				    "1 validation error detected: Value null "
				    "at '%s' failed to satisfy constraint: "
				    "Member must not be null",
				    name);
		return 0;
	}
	if (!json_is_string(v)
	    || strlen(json_string_value(v)) != json_string_length(v))
		return fail(k, 400, "ValidationException",
			    "%s must be a string", name);
	*out = json_string_value(v);
	return 0;
}

static int
get_bool(struct call *k, const char *name, int dflt, int *out)
{
	json_t *v = json_object_get(k->in, name);

	*out = dflt;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_boolean(v))
		return fail(k, 400, "ValidationException",
			    "%s must be true or false", name);
	*out = json_is_true(v);
	return 0;
}

/* maxResults: 10..100, default dflt. */
static int
get_max(struct call *k, int dflt, int *out)
{
	json_t *v = json_object_get(k->in, "maxResults");

	*out = dflt;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 10
	    || json_integer_value(v) > 100)
		return fail(k, 400, "ValidationException",
			    "maxResults must be an integer from 10 to 100");
	*out = (int)json_integer_value(v);
	return 0;
}

/* afterTime / beforeTime: an instant, or CASE_NONE when absent. */
static int
get_time(struct call *k, const char *name, int64_t *out)
{
	const char *s;
	char e[CASES_ERRMAX];

	*out = CASE_NONE;
	if (get_str(k, name, 0, &s))
		return -1;
	if (s && timefmt_parse_instant(s, NULL, out, e) != CASES_OK)
		return fail(k, 400, "ValidationException", "%s: %s", name, e);
	return 0;
}

/* ---- cases as AWS shows them ---- */

static void
case_id_of(const struct case_rec *c, char *buf, size_t n)
{
	size_t len = strnlen(c->id, sizeof(c->id) - 1);

	/* On every row of an answer: no printf. */
	if (n < 5 + len + 1) {
		buf[0] = '\0';
		return;
	}
	memcpy(buf, "case-", 5);
	memcpy(buf + 5, c->id, len);
	buf[5 + len] = '\0';
}

/* The case named by caseId, if the caller may see it; else the answer is
 * CaseIdNotFound (whether it exists or not: nothing leaks). */
static int
find_case(struct call *k, const char *case_id, struct case_rec *c)
{
	const char *u = case_id;
	int rc;

	case_rec_init(c);
	if (strncmp(u, "case-", 5) != 0 || strlen(u) != 5 + CASE_ID_LEN - 1)
		return not_found(k, case_id);
	u += 5;
	rc = case_get(k->st, u, c, k->err);
	if (rc == CASES_EDB || rc == CASES_ENOMEM)
		return lib_error(k, rc);
	if (rc || strcmp(c->id, u) != 0
	    || (!k->staff && c->account_id != k->key.account_id)) {
		case_rec_release(c);
		return not_found(k, case_id);
	}
	return 0;
}

/* One communication (a note or a response), newest first lists. */
struct comm {
	int64_t at;
	int64_t id;
	int staff;
	char *body;
	char *author;
};

struct comms {
	struct comm *v;
	size_t n, cap;
	int reopened; /* the case has a "reopened" event */
	int oom;
};

static void
comms_release(struct comms *cs)
{
	for (size_t i = 0; i < cs->n; i++) {
		free(cs->v[i].body);
		free(cs->v[i].author);
	}
	free(cs->v);
	memset(cs, 0, sizeof(*cs));
}

static int
comm_cb(void *arg, const struct event_rec *e)
{
	struct comms *cs = arg;
	struct comm m = { .at = e->at, .id = e->id };

	if (strcmp(e->kind, "reopened") == 0)
		cs->reopened = 1;
	if (strcmp(e->kind, "note") != 0 && strcmp(e->kind, "responded") != 0)
		return 0;
	/* The customer's notes are marked so (sql/008); everything else
	 * (responses, the command line's notes) is the desk's. */
	m.staff = !e->customer;
	m.body = strdup(e->detail ? e->detail
			: m.staff ? "Response recorded."
				  : "");
	m.author = e->author ? strdup(e->author) : NULL;
	if (cs->n == cs->cap) {
		size_t cap = cs->cap ? cs->cap * 2 : 8;
		struct comm *v = realloc(cs->v, cap * sizeof(*v));
		if (!v) {
			free(m.body);
			free(m.author);
			cs->oom = 1;
			return 1;
		}
		cs->v = v;
		cs->cap = cap;
	}
	if (!m.body || (e->author && !m.author)) {
		free(m.body);
		free(m.author);
		cs->oom = 1;
		return 1;
	}
	cs->v[cs->n++] = m;
	return 0;
}

/* c's communications, oldest first in cs. */
static int
load_comms(struct call *k, const struct case_rec *c, struct comms *cs)
{
	int rc;

	memset(cs, 0, sizeof(*cs));
	rc = store_event_each(k->st, c->rowid, comm_cb, cs, k->err);
	if (cs->oom)
		return fail(k, 500, "InternalServerError", "out of memory");
	if (rc)
		return lib_error(k, rc);
	return 0;
}

/* AWS's status of a case: reopened, whether it has a "reopened" event;
 * last_by_desk, who wrote its latest communication (1 the desk, 0 the
 * customer, -1 none). */
static const char *
aws_status(const struct case_rec *c, int reopened, int last_by_desk)
{
	if (c->resolved_at != CASE_NONE)
		return "resolved";
	if (c->first_response_at == CASE_NONE)
		return reopened ? "reopened" : "opened";
	if (last_by_desk == 1)
		return "pending-customer-action";
	return "work-in-progress";
}

static const char *
comms_status(const struct case_rec *c, const struct comms *cs)
{
	return aws_status(c, cs->reopened, cs->n ? cs->v[cs->n - 1].staff : -1);
}

static const char *
service_code(int cat)
{
	return cat == CAT_ACCOUNT_BILLING ? "billing" : plan_category_name(cat);
}

static const char *
service_name(int cat)
{
	static const char *const names[CAT_COUNT] = {
		[CAT_ACCOUNT_BILLING] = "Account and billing",
		[CAT_TECHNICAL] = "Technical support",
		[CAT_USE_CASE_GUIDANCE] = "Use-case guidance",
		[CAT_THIRD_PARTY] = "Third-party software",
		[CAT_ARCHITECTURE] = "Architecture review",
		[CAT_EVENT_MANAGEMENT] = "Event management",
	};
	return cat >= 0 && cat < CAT_COUNT ? names[cat] : "";
}

static const char *
severity_name(int sev)
{
	static const char *const names[SEV_COUNT] = {
		[SEV_GENERAL] = "General guidance",
		[SEV_SYSTEM_IMPAIRED] = "System impaired",
		[SEV_PROD_IMPAIRED] = "Production system impaired",
		[SEV_PROD_DOWN] = "Production system down",
		[SEV_BUSINESS_CRITICAL] = "Business-critical system down",
	};
	return sev > 0 && sev < SEV_COUNT ? names[sev] : "";
}

static const char *
submitted_by(struct call *k, const struct comm *m, const struct case_rec *c)
{
	if (m->staff)
		return k->api->staff_name;
	return m->author ? m->author : c->account ? c->account : "";
}

/* The Communication m of case c, as the next value of w. */
static void
comm_put(struct jsonw *w, struct call *k, const struct case_rec *c,
	 const struct comm *m)
{
	char id[64], t[TIMEFMT_MAX];

	case_id_of(c, id, sizeof(id));
	jsonw_object(w);
	jsonw_kstr(w, "caseId", id);
	jsonw_kstr(w, "body", m->body);
	jsonw_kstr(w, "submittedBy", submitted_by(k, m, c));
	jsonw_kstr(w, "timeCreated", timefmt_rfc3339(m->at, t));
	jsonw_key(w, "attachmentSet");
	jsonw_array(w);
	jsonw_array_end(w);
	jsonw_object_end(w);
}

/* The CaseDetails of c, its status given, as the next value of w; cs:
 * its communications, the RECENT_MAX latest of which it shows (NULL: none
 * asked for). */
static void
case_put(struct jsonw *w, struct call *k, const struct case_rec *c,
	 const char *status, const struct comms *cs)
{
	char id[64], t[TIMEFMT_MAX];

	case_id_of(c, id, sizeof(id));
	jsonw_object(w);
	jsonw_kstr(w, "caseId", id);
	jsonw_key(w, "displayId");
	jsonw_int_str(w, c->rowid);
	jsonw_kstr(w, "subject", c->subject);
	jsonw_kstr(w, "status", status);
	jsonw_kstr(w, "serviceCode", service_code(c->category));
	jsonw_kstr(w, "categoryCode", "general");
	jsonw_kstr(w, "severityCode", plan_severity_code(c->severity));
	jsonw_kstr(w, "submittedBy", c->account ? c->account : "");
	jsonw_kstr(w, "timeCreated", timefmt_rfc3339(c->opened_at, t));
	jsonw_key(w, "ccEmailAddresses");
	jsonw_array(w);
	jsonw_array_end(w);
	jsonw_kstr(w, "language", "en");
	if (cs) {
		size_t i;

		jsonw_key(w, "recentCommunications");
		jsonw_object(w);
		jsonw_key(w, "communications");
		jsonw_array(w);
		for (i = cs->n; i > 0 && cs->n - i < RECENT_MAX; i--)
			comm_put(w, k, c, &cs->v[i - 1]);
		jsonw_array_end(w);
		if (i > 0) {
			char tok[32];
			snprintf(tok, sizeof(tok), "c%zu", cs->n - i);
			jsonw_kstr(w, "nextToken", tok);
		}
		jsonw_object_end(w);
	}
	jsonw_object_end(w);
}

/* Put w's text as the answer (taking it). A stored text that is not
 * UTF-8 fails the answer, as it did when jansson refused it. */
static int
answer_w(struct call *k, struct jsonw *w)
{
	size_t n;
	char *z;

	if (w->invalid) {
		jsonw_release(w);
		return fail(k, 500, "InternalServerError",
			    "a stored text is not valid UTF-8");
	}
	z = jsonw_take(w, &n);
	if (!z)
		return fail(k, 500, "InternalServerError", "out of memory");
	k->resp->status = 200;
	k->resp->content_type = JSON_TYPE;
	k->resp->body = z;
	k->resp->body_len = n;
	return 0;
}

/* Put o as the answer (taking it). */
static int
answer(struct call *k, json_t *o)
{
	char *z = o ? json_dumps(o, JSON_COMPACT) : NULL;

	json_decref(o);
	if (!z)
		return fail(k, 500, "InternalServerError", "out of memory");
	k->resp->status = 200;
	k->resp->content_type = JSON_TYPE;
	k->resp->body = z;
	k->resp->body_len = strlen(z);
	return 0;
}

/* ---- the operations ---- */

/* Attachments are not kept: an attachmentSetId names none of ours, as
 * AWS answers for one it does not know. */
static int
no_attachments(struct call *k)
{
	const char *id;

	if (get_str(k, "attachmentSetId", 0, &id))
		return -1;
	if (id)
		return fail(k, 400, "AttachmentSetIdNotFound",
			    "attachment set '%.64s' not found (this desk "
			    "keeps no attachments)",
			    id);
	return 0;
}

/* serviceCode and issueType -> a category (see api.h). */
static int
category_of(struct call *k, const char *service, const char *issue, int *cat)
{
	char allowed[256];

	if (issue && strcmp(issue, "customer-service") != 0
	    && strcmp(issue, "technical") != 0)
		return fail(k, 400, "ValidationException",
			    "invalid issueType '%.64s' (expected one of: "
			    "customer-service, technical)",
			    issue);
	if (!service) {
		*cat = issue && strcmp(issue, "customer-service") == 0
			       ? CAT_ACCOUNT_BILLING
			       : CAT_TECHNICAL;
		return 0;
	}
	if (strcmp(service, "billing") == 0
	    || strcmp(service, "customer-account") == 0) {
		*cat = CAT_ACCOUNT_BILLING;
		return 0;
	}
	for (int c = 1; c < CAT_COUNT; c++) {
		if (strcmp(service, plan_category_name(c)) == 0) {
			if (issue && strcmp(issue, "customer-service") == 0)
				return fail(k, 400, "ValidationException",
					    "issueType customer-service goes "
					    "with serviceCode billing, not "
					    "'%.64s'",
					    service);
			*cat = c;
			return 0;
		}
	}
	allowed[0] = '\0';
	for (int c = 0; c < CAT_COUNT; c++) {
		if (!(k->plan.categories & (1u << c)))
			continue;
		snprintf(allowed + strlen(allowed),
			 sizeof(allowed) - strlen(allowed), "%s%s",
			 allowed[0] ? ", " : "", service_code(c));
	}
	return fail(k, 400, "ValidationException",
		    "invalid serviceCode '%.64s' (expected one of: %s)",
		    service, allowed);
}

/* "low, normal" for the severities plan p allows. */
static void
allowed_codes(const struct plan *p, int cat, char *buf, size_t n)
{
	buf[0] = '\0';
	for (int s = 1; s < SEV_COUNT; s++) {
		/* Account and billing cases are general (low) whatever the
		 * plan (docs/domain.md). */
		if (cat == CAT_ACCOUNT_BILLING ? s == SEV_GENERAL
					       : p->target_s[s] > 0)
			snprintf(buf + strlen(buf), n - strlen(buf), "%s%s",
				 buf[0] ? ", " : "", plan_severity_code(s));
	}
	if (!buf[0])
		snprintf(buf, n, "none");
}

static int
op_create_case(struct call *k)
{
	const char *subject, *body, *service, *sevcode, *catcode, *issue;
	struct case_open_req req = { 0 };
	struct case_rec c;
	char id[64], codes[128];
	int sev = SEV_NONE, rc;

	if (get_str(k, "subject", 1, &subject)
	    || get_str(k, "communicationBody", 1, &body)
	    || get_str(k, "serviceCode", 0, &service)
	    || get_str(k, "severityCode", 0, &sevcode)
	    || get_str(k, "categoryCode", 0, &catcode)
	    || get_str(k, "issueType", 0, &issue) || no_attachments(k))
		return -1;
	if (k->staff)
		return invalid(k, "a staff key opens no case (a case is an "
				  "account's): call CreateCase with the "
				  "customer's key, or use 'cases open'");
	req.account = k->key.account;
	req.subject = subject;
	req.channel = CH_API;
	req.opened_at = k->now;
	if (category_of(k, service, issue, &req.category))
		return -1;
	if (catcode && strcmp(catcode, "general") != 0)
		return fail(k, 400, "ValidationException",
			    "invalid categoryCode '%.64s' (expected one of: "
			    "general)",
			    catcode);
	if (sevcode) {
		for (int s = 1; s < SEV_COUNT; s++) {
			if (strcmp(sevcode, plan_severity_code(s)) == 0)
				sev = s;
		}
		if (sev == SEV_NONE)
			return fail(k, 400, "ValidationException",
				    "invalid severityCode '%.64s' (expected "
				    "one of: low, normal, high, urgent, "
				    "critical)",
				    sevcode);
	} else {
		sev = SEV_GENERAL; /* AWS's default is low */
	}
	req.severity = sev;
	/* A severity the plan does not allow is named in AWS's codes too;
	 * case_open's other refusals (subject, category) say it alone. */
	if (plan_check_severity(&k->plan, sev, req.category, k->err)) {
		allowed_codes(&k->plan, req.category, codes, sizeof(codes));
		return fail(k, 400, "ValidationException",
			    "%s (severityCode allowed by plan '%s': %s)",
			    k->err, k->plan.name, codes);
	}
	rc = case_open(k->st, &req, &c, k->err);
	if (rc == CASES_EINVAL)
		return invalid(k, k->err);
	if (rc)
		return lib_error(k, rc);
	rc = case_note_customer(k->st, &c, k->now, body, k->by, k->err);
	case_id_of(&c, id, sizeof(id));
	case_rec_release(&c);
	if (rc)
		return lib_error(k, rc);
	return answer(k, json_pack("{s:s}", "caseId", id));
}

/* DescribeCases' page of the caller's cases. */
struct describe {
	struct call *k;
	struct case_page p; /* what the page holds (store_case_page) */
	int max, with_comms, n, more, failed;
	struct jsonw w; /* the answer, its "cases" list open */
};

/* Add c to d's page, its status given, with its communications cs
 * (NULL: not asked for): 0, or 1 when the page is full (d->more) or on a
 * failure (d->failed, answered). */
static int
page_add(struct describe *d, const struct case_rec *c, const char *status,
	 const struct comms *cs)
{
	if (d->n == d->max) {
		d->more = 1;
		return 1;
	}
	d->n++;
	d->p.below_opened = c->opened_at;
	d->p.below_id = c->rowid;
	case_put(&d->w, d->k, c, status, cs);
	if (d->w.failed) {
		d->failed = 1;
		fail(d->k, 500, "InternalServerError", "out of memory");
		return 1;
	}
	return 0;
}

/* store_case_page's rows: the case's events are read only when its
 * communications are asked for (they say its status too). */
static int
describe_cb(void *arg, const struct case_rec *c, int reopened, int last_by_desk)
{
	struct describe *d = arg;
	struct comms cs;
	int rc;

	if (!d->with_comms)
		return page_add(d, c, aws_status(c, reopened, last_by_desk),
				NULL);
	if (d->n == d->max) {
		d->more = 1;
		return 1;
	}
	if (load_comms(d->k, c, &cs)) {
		d->failed = 1;
		return 1;
	}
	rc = page_add(d, c, comms_status(c, &cs), &cs);
	comms_release(&cs);
	return rc;
}

/* Whether c belongs on d's page (a case of caseIdList). */
static int
on_page(const struct describe *d, const struct case_rec *c)
{
	const struct case_page *p = &d->p;

	if (c->opened_at > p->below_opened
	    || (c->opened_at == p->below_opened && c->rowid >= p->below_id))
		return 0;
	return (p->resolved || c->resolved_at == CASE_NONE)
	       && (p->after == CASE_NONE || c->opened_at >= p->after)
	       && (p->before == CASE_NONE || c->opened_at <= p->before)
	       && (!p->number || c->rowid == p->number);
}

/* Newest first, as the listing. */
static int
newest_first(const void *a, const void *b)
{
	const struct case_rec *x = a, *y = b;

	if (x->opened_at != y->opened_at)
		return x->opened_at < y->opened_at ? 1 : -1;
	return (x->rowid < y->rowid) - (x->rowid > y->rowid);
}

/* DescribeCases of caseIdList ids (at most 100 strings): every one the
 * caller may see, else CaseIdNotFound. */
static int
describe_list(struct call *k, json_t *ids, struct describe *d)
{
	struct case_rec cs[100];
	size_t n = 0, i;
	json_t *v;
	int rc = 0;

	json_array_foreach(ids, i, v)
	{
		if (!json_is_string(v)) {
			rc = invalid(k, "caseIdList must hold strings");
			break;
		}
		if (find_case(k, json_string_value(v), &cs[n])) {
			rc = -1;
			break;
		}
		if (on_page(d, &cs[n]))
			n++;
		else
			case_rec_release(&cs[n]);
	}
	if (rc == 0)
		qsort(cs, n, sizeof(cs[0]), newest_first);
	for (i = 0; i < n; i++) {
		struct comms m;
		if (rc == 0 && !d->more && !d->failed) {
			if (load_comms(k, &cs[i], &m)) {
				rc = -1;
			} else {
				page_add(d, &cs[i], comms_status(&cs[i], &m),
					 d->with_comms ? &m : NULL);
				comms_release(&m);
				if (d->failed)
					rc = -1;
			}
		}
		case_rec_release(&cs[i]);
	}
	return rc;
}

static int
op_describe_cases(struct call *k)
{
	struct describe d = { .k = k };
	const char *disp, *token;
	json_t *ids = json_object_get(k->in, "caseIdList");
	int rc;

	d.p.below_opened = d.p.below_id = INT64_MAX;
	if (get_time(k, "afterTime", &d.p.after)
	    || get_time(k, "beforeTime", &d.p.before)
	    || get_str(k, "displayId", 0, &disp)
	    || get_str(k, "nextToken", 0, &token)
	    || get_str(k, "language", 0, &(const char *){ NULL })
	    || get_bool(k, "includeResolvedCases", 0, &d.p.resolved)
	    || get_bool(k, "includeCommunications", 1, &d.with_comms)
	    || get_max(k, 100, &d.max))
		return -1;
	if (disp) {
		char *end;
		d.p.number = strtoll(disp, &end, 10);
		if (*end || d.p.number <= 0)
			return fail(k, 400, "ValidationException",
				    "invalid displayId '%.64s' (expected a "
				    "case number)",
				    disp);
	}
	/* The token is the (opened_at, number) of the last case given: the
	 * next page starts below it (a keyset, never an offset: cases
	 * opened between pages neither shift nor repeat one). */
	if (token
	    && (sscanf(token, "v1.%" SCNd64 ".%" SCNd64, &d.p.below_opened,
		       &d.p.below_id)
			!= 2
		|| strchr(token, ' ')))
		return invalid(k, "invalid nextToken (give the nextToken of "
				  "the previous answer)");
	if (ids && !json_is_null(ids)
	    && (!json_is_array(ids) || json_array_size(ids) > 100))
		return invalid(k, "caseIdList must be a list of at "
				  "most 100 case ids");
	/* About 500 bytes a case without communications. */
	jsonw_init(&d.w, d.with_comms ? 16384 : 8192);
	jsonw_object(&d.w);
	jsonw_key(&d.w, "cases");
	jsonw_array(&d.w);
	if (ids && !json_is_null(ids)) {
		rc = describe_list(k, ids, &d);
		if (rc) {
			jsonw_release(&d.w);
			return -1;
		}
	} else {
		d.p.account_id = k->staff ? 0 : k->key.account_id;
		d.p.limit = d.max + 1; /* one more: is there a next page? */
		rc = store_case_page(k->st, &d.p, describe_cb, &d, k->err);
		if (d.failed) {
			jsonw_release(&d.w);
			return -1;
		}
		if (rc < 0 || rc > 1) {
			jsonw_release(&d.w);
			return lib_error(k, rc);
		}
	}
	jsonw_array_end(&d.w);
	if (d.more) {
		char tok[64];
		snprintf(tok, sizeof(tok), "v1.%" PRId64 ".%" PRId64,
			 d.p.below_opened, d.p.below_id);
		jsonw_kstr(&d.w, "nextToken", tok);
	}
	jsonw_object_end(&d.w);
	return answer_w(k, &d.w);
}

static int
op_describe_communications(struct call *k)
{
	const char *id, *token;
	struct case_rec c;
	struct comms cs;
	int64_t after, before;
	size_t skip = 0;
	int max, n = 0;
	struct jsonw w;

	if (get_str(k, "caseId", 1, &id) || get_time(k, "afterTime", &after)
	    || get_time(k, "beforeTime", &before)
	    || get_str(k, "nextToken", 0, &token) || get_max(k, 100, &max))
		return -1;
	if (token) {
		char *end;
		if (token[0] != 'c' || !token[1])
			return invalid(k, "invalid nextToken (give the "
					  "nextToken of the previous answer)");
		skip = strtoull(token + 1, &end, 10);
		if (*end)
			return invalid(k, "invalid nextToken (give the "
					  "nextToken of the previous answer)");
	}
	if (find_case(k, id, &c))
		return -1;
	if (load_comms(k, &c, &cs)) {
		case_rec_release(&c);
		return -1;
	}
	jsonw_init(&w, 4096);
	jsonw_object(&w);
	jsonw_key(&w, "communications");
	jsonw_array(&w);
	/* Newest first; the token counts those already given. */
	size_t i, seen = 0;
	for (i = cs.n; i > 0; i--) {
		const struct comm *m = &cs.v[i - 1];
		if ((after != CASE_NONE && m->at < after)
		    || (before != CASE_NONE && m->at > before))
			continue;
		if (seen++ < skip)
			continue;
		if (n == max)
			break;
		comm_put(&w, k, &c, m);
		n++;
	}
	jsonw_array_end(&w);
	if (i > 0) {
		char tok[32];
		snprintf(tok, sizeof(tok), "c%zu", skip + (size_t)n);
		jsonw_kstr(&w, "nextToken", tok);
	}
	jsonw_object_end(&w);
	comms_release(&cs);
	case_rec_release(&c);
	return answer_w(k, &w);
}

static int
op_add_communication(struct call *k)
{
	const char *id, *body;
	struct case_rec c;
	int first, rc;

	if (get_str(k, "caseId", 1, &id)
	    || get_str(k, "communicationBody", 1, &body) || no_attachments(k))
		return -1;
	if (find_case(k, id, &c))
		return -1;
	if (k->staff) {
		rc = case_respond_by(k->st, &c, k->now, body, k->key.staff,
				     &first, k->err);
	} else {
		rc = CASES_OK;
		/* A customer's answer reopens a resolved case, as AWS's. */
		if (c.resolved_at != CASE_NONE)
			rc = case_reopen(k->st, &c, k->now, k->err);
		if (rc == CASES_OK)
			rc = case_note_customer(k->st, &c, k->now, body, k->by,
						k->err);
	}
	case_rec_release(&c);
	if (rc)
		return lib_error(k, rc);
	return answer(k, json_pack("{s:b}", "result", 1));
}

static int
op_resolve_case(struct call *k)
{
	const char *id;
	struct case_rec c;
	struct comms cs;
	const char *initial;
	int rc = CASES_OK;

	if (get_str(k, "caseId", 1, &id))
		return -1;
	if (find_case(k, id, &c))
		return -1;
	if (load_comms(k, &c, &cs)) {
		case_rec_release(&c);
		return -1;
	}
	initial = comms_status(&c, &cs);
	comms_release(&cs);
	if (c.resolved_at == CASE_NONE)
		rc = case_resolve(k->st, &c, k->now, k->err);
	case_rec_release(&c);
	if (rc)
		return lib_error(k, rc);
	return answer(k, json_pack("{s:s, s:s}", "initialCaseStatus", initial,
				   "finalCaseStatus", "resolved"));
}

static int
op_describe_severity_levels(struct call *k)
{
	json_t *list = json_array();

	for (int s = 1; list && s < SEV_COUNT; s++) {
		if (k->staff || k->plan.target_s[s] > 0)
			json_array_append_new(
				list, json_pack("{s:s, s:s}", "code",
						plan_severity_code(s), "name",
						severity_name(s)));
	}
	return answer(k, json_pack("{s:o}", "severityLevels", list));
}

static int
op_describe_services(struct call *k)
{
	json_t *want = json_object_get(k->in, "serviceCodeList");
	json_t *list = json_array();

	if (!get_str(k, "language", 0, &(const char *){ NULL })) {
		/* checked */
	} else {
		json_decref(list);
		return -1;
	}
	if (want && !json_is_null(want) && !json_is_array(want)) {
		json_decref(list);
		return invalid(k, "serviceCodeList must be a list of strings");
	}
	for (int c = 0; list && c < CAT_COUNT; c++) {
		int in = !want || json_is_null(want);
		size_t i;
		json_t *v;
		if (!k->staff && !(k->plan.categories & (1u << c)))
			continue;
		if (!in) {
			json_array_foreach(want, i, v)
			{
				if (json_is_string(v)
				    && strcmp(json_string_value(v),
					      service_code(c))
					       == 0)
					in = 1;
			}
		}
		if (in)
			json_array_append_new(
				list, json_pack("{s:s, s:s, s:[{s:s, s:s}]}",
						"code", service_code(c), "name",
						service_name(c), "categories",
						"code", "general", "name",
						"General guidance"));
	}
	return answer(k, json_pack("{s:o}", "services", list));
}

static const struct op {
	const char *name;
	int write;
	int (*run)(struct call *k);
} ops[] = {
	{ "AddCommunicationToCase", 1, op_add_communication },
	{ "CreateCase", 1, op_create_case },
	{ "DescribeCases", 0, op_describe_cases },
	{ "DescribeCommunications", 0, op_describe_communications },
	{ "DescribeServices", 0, op_describe_services },
	{ "DescribeSeverityLevels", 0, op_describe_severity_levels },
	{ "ResolveCase", 1, op_resolve_case },
};

/* ---- the request ---- */

static const char *
header(const struct httpd_request *req, const char *name)
{
	for (size_t i = 0; i < req->nheaders; i++) {
		if (strcasecmp(req->headers[i].name, name) == 0)
			return req->headers[i].value;
	}
	return NULL;
}

/* Whether key may make one more request this minute (--rate). */
static int
rate_ok(struct api *a, const char *key, int64_t now)
{
	int64_t minute = now / 60;
	struct rate_slot *free_slot = NULL, *s = NULL;
	int ok;

	if (!a->rate)
		return 1;
	pthread_mutex_lock(&a->lock);
	for (size_t i = 0; i < RATE_SLOTS && !s; i++) {
		if (strcmp(a->slots[i].key, key) == 0)
			s = &a->slots[i];
		else if (!free_slot
			 && (!a->slots[i].key[0]
			     || a->slots[i].minute != minute))
			free_slot = &a->slots[i];
	}
	if (!s && free_slot) {
		s = free_slot;
		snprintf(s->key, sizeof(s->key), "%s", key);
		s->minute = minute;
		s->count = 0;
	}
	if (!s) {
		ok = 0; /* more keys this minute than slots: refuse */
	} else {
		if (s->minute != minute) {
			s->minute = minute;
			s->count = 0;
		}
		ok = s->count < a->rate;
		if (ok)
			s->count++;
	}
	pthread_mutex_unlock(&a->lock);
	return ok;
}

/* Authenticate k's request: 0 with k->key (and k->plan for a customer)
 * set, or -1 with the answer made. */
static int
authenticate(struct call *k, const struct httpd_request *req)
{
	struct sigv4_header *hs = NULL;
	struct sigv4_request sr = { req->method, req->path, req->query,	  NULL,
				    0,		 req->body, req->body_len };
	struct sigv4_auth au;
	struct account_rec acct = { 0 };
	char msg[CASES_ERRMAX];
	int rc;

	hs = calloc(req->nheaders ? req->nheaders : 1, sizeof(*hs));
	if (!hs)
		return fail(k, 500, "InternalServerError", "out of memory");
	for (size_t i = 0; i < req->nheaders; i++) {
		hs[i].name = req->headers[i].name;
		hs[i].value = req->headers[i].value;
	}
	sr.headers = hs;
	sr.nheaders = req->nheaders;
	rc = sigv4_parse(&sr, "support", &au, msg);
	if (rc == SIGV4_OK) {
		snprintf(k->resp->log.key_id, sizeof(k->resp->log.key_id), "%s",
			 au.key_id);
		rc = keys_lookup(k->st, au.key_id, &k->key, k->err);
		if (rc == CASES_EDB || rc == CASES_ENOMEM) {
			free(hs);
			return lib_error(k, rc);
		}
		if (rc)
			rc = sigv4_unknown_key(msg);
		else
			rc = sigv4_verify(&sr, &au, k->key.secret, k->now, msg);
	}
	free(hs);
	if (rc != SIGV4_OK)
		return fail(k, sigv4_http_status(rc), sigv4_error_name(rc),
			    "%s", msg);
	k->staff = k->key.account_id == 0;
	if (!k->staff)
		keys_submitted_by(&k->key, k->by, sizeof(k->by));
	snprintf(k->resp->log.account, sizeof(k->resp->log.account), "%.*s",
		 HTTPD_LOG_ACCOUNT_MAX,
		 k->staff ? k->key.staff : k->key.account);
	if (!rate_ok(k->api, k->key.id, k->now))
		return fail(k, 400, "ThrottlingException", "Rate exceeded");
	if (k->staff)
		return 0;
	rc = store_account_get(k->st, k->key.account, &acct, k->err);
	if (rc == CASES_OK)
		rc = store_plan_get(k->st, acct.plan, &k->plan, k->err);
	account_rec_release(&acct);
	if (rc)
		return fail(k, 500, "InternalServerError", "%s", k->err);
	if (!(k->plan.channels & (1u << CH_API)))
		return fail(k, 400, "SubscriptionRequiredException",
			    "AWS Premium Support Subscription is required to "
			    "use this service (plan '%s' does not include the "
			    "api channel)",
			    k->plan.name);
	return 0;
}

/* Authenticate and read the body, in k->st's open transaction: 0, else
 * -1 with the error answered. end_call() releases what it took. */
static int
start_call(struct call *k, const struct httpd_request *req)
{
	json_error_t je;
	int rc = authenticate(k, req);

	if (rc == 0) {
		k->in = json_loadb(req->body_len ? req->body : "{}",
				   req->body_len ? req->body_len : 2, 0, &je);
		if (!k->in || !json_is_object(k->in))
			rc = fail(k, 400, "SerializationException",
				  "the body is not a JSON object: %s",
				  k->in ? "not an object" : je.text);
	}
	return rc;
}

static void
end_call(struct call *k)
{
	json_decref(k->in);
	k->in = NULL;
	memset(k->key.secret, 0, sizeof(k->key.secret));
}

/*
 * A write request waiting for the writer. Write requests are run by one
 * thread on one connection, a batch at a time: every request queued
 * while the last batch was being committed goes into the next one, each
 * in a savepoint of its own (a failed request undoes its own writes
 * only), and the batch is committed once (group commit: one fsync for
 * them all). A request is answered only after that commit, so an
 * acknowledged CreateCase is durable (synchronous=FULL); if the commit
 * fails, every request of the batch is answered InternalServerError.
 */
struct job {
	struct call *k; /* authenticated, its body read (start_call) */
	const struct op *op;
	int ok; /* its operation succeeded (before the commit) */
	int done;
	struct job *next;
};

#define BATCH_MAX 128 /* requests in one commit, at most */

static void
run_batch(struct api *a, struct job *batch)
{
	char err[CASES_ERRMAX];
	int rc = store_begin(a->wst, 1, err);

	for (struct job *j = batch; j; j = j->next) {
		j->k->st = a->wst;
		if (rc == CASES_OK
		    && store_savepoint(a->wst, err) == CASES_OK) {
			j->ok = j->op->run(j->k) == 0;
			if (j->ok && store_release(a->wst, err) != CASES_OK) {
				answer_error(j->k->resp, 500,
					     "InternalServerError", err);
				j->ok = 0;
			}
			if (!j->ok)
				store_rollback_to(a->wst);
		} else {
			answer_error(j->k->resp, 500, "InternalServerError",
				     err);
		}
	}
	if (rc == CASES_OK && store_commit(a->wst, err) != CASES_OK) {
		store_rollback(a->wst);
		for (struct job *j = batch; j; j = j->next) {
			if (j->ok)
				answer_error(j->k->resp, 500,
					     "InternalServerError", err);
		}
	}
}

static void *
writer(void *arg)
{
	struct api *a = arg;

	pthread_mutex_lock(&a->wlock);
	for (;;) {
		struct job *batch, *last;
		int n = 1;
		while (!a->head && !a->stop)
			pthread_cond_wait(&a->queued, &a->wlock);
		if (!a->head)
			break;
		batch = last = a->head;
		while (last->next && n < BATCH_MAX) {
			last = last->next;
			n++;
		}
		a->head = last->next;
		if (!a->head)
			a->tail = NULL;
		last->next = NULL;
		pthread_mutex_unlock(&a->wlock);
		run_batch(a, batch);
		pthread_mutex_lock(&a->wlock);
		for (struct job *j = batch; j; j = j->next)
			j->done = 1;
		pthread_cond_broadcast(&a->done);
	}
	pthread_mutex_unlock(&a->wlock);
	return NULL;
}

/* Give k's write request to the writer and wait for its answer. */
static void
run_write(struct call *k, const struct op *op)
{
	struct api *a = k->api;
	struct job j = { .k = k, .op = op };

	pthread_mutex_lock(&a->wlock);
	if (a->tail)
		a->tail->next = &j;
	else
		a->head = &j;
	a->tail = &j;
	pthread_cond_signal(&a->queued);
	while (!j.done)
		pthread_cond_wait(&a->done, &a->wlock);
	pthread_mutex_unlock(&a->wlock);
}

/* A random (version 4) UUID for x-amzn-RequestId: from libcrypto's
 * per-thread generator, without libuuid's getrandom() system call and
 * random() warm-up on every request (about 1.5% of a DescribeCases). */
static void
request_id(uuid_t uu)
{
	if (RAND_bytes(uu, 16) != 1) {
		uuid_generate_random(uu);
		return;
	}
	uu[6] = (unsigned char)((uu[6] & 0x0f) | 0x40); /* version 4 */
	uu[8] = (unsigned char)((uu[8] & 0x3f) | 0x80); /* RFC 4122 */
}

static int
handle(const struct httpd_request *req, struct httpd_response *resp)
{
	struct api *a = req->arg;
	struct api_thread *t = req->thread_ctx;
	struct call k = { .api = a, .st = t->st, .resp = resp };
	const struct op *op = NULL;
	const char *target = header(req, "X-Amz-Target");
	uuid_t uu;
	char rid[CASE_ID_LEN];
	int rc;

	k.now = a->now ? a->now() : (int64_t)time(NULL);
	request_id(uu);
	uuid_unparse_lower(uu, rid);
	if (httpd_response_header(resp, "x-amzn-RequestId", rid) != CASES_OK)
		return CASES_EINVAL;
	if (strcmp(req->method, "POST") != 0 || strcmp(req->path, "/") != 0)
		return answer_error(resp, 404, "UnknownOperationException",
				    "expected POST / (AWS JSON 1.1)");
	if (target
	    && strncmp(target, TARGET_PREFIX, strlen(TARGET_PREFIX)) == 0) {
		const char *name = target + strlen(TARGET_PREFIX);
		for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
			if (strcmp(ops[i].name, name) == 0)
				op = &ops[i];
		}
	}
	if (!op)
		return answer_error(resp, 400, "UnknownOperationException",
				    "unknown X-Amz-Target (expected "
				    "AWSSupport_20130415.OPERATION)");
	snprintf(resp->log.operation, sizeof(resp->log.operation), "%s",
		 op->name);
	/* The signature, the key, the plan and the body are checked here, on
	 * this worker's connection in a read transaction, so that the one
	 * writer spends its write lock on operations alone. A read runs here
	 * too; a write goes to the writer (run_write). */
	if (store_begin(k.st, 0, k.err) != CASES_OK) {
		server_error(&k, k.err);
		return CASES_OK;
	}
	rc = start_call(&k, req);
	if (rc == 0 && !op->write) {
		rc = op->run(&k);
		if (rc == 0 && store_commit(k.st, k.err) != CASES_OK)
			server_error(&k, k.err);
	}
	store_rollback(k.st); /* nothing to undo after a commit */
	if (rc == 0 && op->write)
		run_write(&k, op);
	end_call(&k);
	return CASES_OK;
}

/* ---- threads and errors of the HTTP layer ---- */

static void *
thread_init(void *arg)
{
	struct api *a = arg;
	struct api_thread *t = calloc(1, sizeof(*t));
	char err[CASES_ERRMAX];

	if (!t)
		return NULL;
	if (store_open(a->db_path, &t->st, err) != CASES_OK) {
		fprintf(stderr, "cases: serve: %s\n", err);
		free(t);
		return NULL;
	}
	return t;
}

static void
thread_fini(void *arg, void *ctx)
{
	struct api_thread *t = ctx;

	(void)arg;
	store_close(t->st);
	free(t);
}

static void
httpd_error(void *arg, const char *reason, struct httpd_response *resp)
{
	const char *type = resp->status == 413	 ? "ValidationException"
			   : resp->status >= 500 ? "InternalServerError"
						 : "ValidationException";

	(void)arg;
	answer_error(resp, resp->status, type, reason);
}

int
api_new(const struct api_config *cfg, struct api **out, char *err)
{
	struct api *a = calloc(1, sizeof(*a));
	int rc;

	*out = NULL;
	if (!a)
		return cases_errf(err, CASES_ENOMEM, "out of memory");
	a->db_path = cfg->db_path ? strdup(cfg->db_path) : NULL;
	a->staff_name =
		strdup(cfg->staff_name ? cfg->staff_name : API_STAFF_NAME);
	a->rate = cfg->rate;
	a->now = cfg->now;
	if ((cfg->db_path && !a->db_path) || !a->staff_name) {
		free(a->db_path);
		free(a->staff_name);
		free(a);
		return cases_errf(err, CASES_ENOMEM, "out of memory");
	}
	pthread_mutex_init(&a->lock, NULL);
	pthread_mutex_init(&a->wlock, NULL);
	pthread_cond_init(&a->queued, NULL);
	pthread_cond_init(&a->done, NULL);
	rc = store_open(a->db_path, &a->wst, err);
	if (rc == CASES_OK && pthread_create(&a->writer, NULL, writer, a) != 0)
		rc = cases_errf(err, CASES_EIO,
				"cannot start the writer thread");
	if (rc) {
		store_close(a->wst);
		a->wst = NULL;
		api_free(a);
		return rc;
	}
	*out = a;
	return CASES_OK;
}

void
api_free(struct api *a)
{
	if (!a)
		return;
	if (a->wst) {
		pthread_mutex_lock(&a->wlock);
		a->stop = 1;
		pthread_cond_signal(&a->queued);
		pthread_mutex_unlock(&a->wlock);
		pthread_join(a->writer, NULL);
		store_close(a->wst);
	}
	pthread_cond_destroy(&a->queued);
	pthread_cond_destroy(&a->done);
	pthread_mutex_destroy(&a->wlock);
	pthread_mutex_destroy(&a->lock);
	free(a->db_path);
	free(a->staff_name);
	free(a);
}

void
api_httpd_config(struct api *a, struct httpd_config *cfg)
{
	cfg->handler = handle;
	cfg->arg = a;
	cfg->thread_init = thread_init;
	cfg->thread_fini = thread_fini;
	cfg->error = httpd_error;
}
