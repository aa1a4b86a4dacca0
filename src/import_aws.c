/*
 * import_aws.c - `import --format aws`: the JSON of `aws support
 * describe-cases` (docs/formats.md 8). New cases are inserted like any
 * import's; a case whose caseId is known is brought up to date instead.
 *
 * The document is streamed. Its top level, {"cases": [...], "nextToken":
 * ...} with the keys in any order, is walked here at the level of its
 * structural characters only; jansson decodes every key and every value,
 * one case at a time, from a reading buffer that holds the value being
 * decoded and what was read beyond it. So memory is one case plus a
 * constant, whatever the size of the file.
 *
 * Only the fields the importer uses are checked: a communication's body,
 * whatever it holds (the CLI prints a NUL as \u0000), cannot reject a
 * file.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <jansson.h>

#include "cases/case.h"
#include "cases/error.h"
#include "cases/import.h"
#include "cases/plan.h"
#include "cases/store.h"
#include "cases/timefmt.h"
#include "cases/utf8.h"
#include "import_priv.h"

static int
nomem(char *err)
{
	return cases_errf(err, CASES_ENOMEM, "out of memory");
}

/* An import: the importer, and what the document said besides its
 * cases. */
struct aws_run {
	struct importer *im;
	int64_t index;	     /* of the case being imported */
	const char *case_id; /* its caseId */
	const char *staff;   /* whose communications are the support's, */
	size_t staff_len;    /* trimmed */
	char *next_token[2]; /* top-level nextToken, NextToken (owned) */
};

/* Pass a warning on, on one line: control characters become '?'. */
static void
aws_warn(struct aws_run *ar, const char *fmt, ...)
{
	char msg[CASES_ERRMAX + 1200];
	va_list ap;

	if (!ar->im->req->warn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	for (char *p = msg; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	}
	ar->im->req->warn(ar->im->req->warn_arg, msg);
}

/* "cases[N] (caseId)" for messages, in buf. */
static const char *
case_name(int64_t index, const char *case_id, char *buf, size_t size)
{
	char id[80];

	import_quote_name(case_id, strlen(case_id), id, sizeof(id));
	snprintf(buf, size, "cases[%lld] (%s)", (long long)index, id);
	return buf;
}

/* ---- the reader ---- */

/* The first reading buffer, and the longest JSON value accepted (far
 * beyond a real case: five communications of at most 8,000 characters). */
#define AWS_BUF	      65536
#define AWS_VALUE_MAX (16L * 1024 * 1024)
/* Any value (keys, tokens); stop after it; a body may hold \u0000. */
#define AWS_FLAGS (JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK | JSON_ALLOW_NUL)

/* The input through one buffer: buf[pos, len) is read and not consumed;
 * line and col (characters, as jansson counts them) locate buf[pos]. */
struct json_reader {
	FILE *f;
	char *buf;
	size_t cap, pos, len;
	int eof;
	int64_t base;  /* offset in the input of buf[0] */
	int64_t line;  /* from 1 */
	int64_t col;   /* characters before buf[pos] on its line */
	int64_t index; /* of the case being read, or -1 */
};

/* "cases[N]: " while a case is read, for messages about the JSON. */
static const char *
jr_where(const struct json_reader *r, char *buf, size_t size)
{
	buf[0] = '\0';
	if (r->index >= 0)
		snprintf(buf, size, "cases[%lld]: ", (long long)r->index);
	return buf;
}

static int
too_large(char *err)
{
	return cases_errf(err, CASES_EINVAL,
			  "input larger than %ld MiB: split it by time, "
			  "running 'aws support describe-cases' once per "
			  "period with --after-time and --before-time (e.g. "
			  "--after-time 2026-01-01T00:00:00Z --before-time "
			  "2026-04-01T00:00:00Z)",
			  IMPORT_AWS_MAX / (1024 * 1024));
}

/* Read more input after buf[pos, len), which is kept (moved to the front;
 * the buffer grows when it is full of it). *got is 0 at the end. */
static int
jr_more(struct json_reader *r, size_t *got, char *err)
{
	size_t n;

	*got = 0;
	if (r->eof)
		return CASES_OK;
	if (r->pos > 0) {
		memmove(r->buf, r->buf + r->pos, r->len - r->pos);
		r->base += (int64_t)r->pos;
		r->len -= r->pos;
		r->pos = 0;
	}
	if (r->len == r->cap) {
		char *b, where[40];
		if (r->cap >= (size_t)AWS_VALUE_MAX)
			return cases_errf(err, CASES_EINVAL,
					  "%sa JSON value from line %lld is "
					  "longer than %ld MiB",
					  jr_where(r, where, sizeof(where)),
					  (long long)r->line,
					  AWS_VALUE_MAX / (1024 * 1024));
		b = realloc(r->buf, r->cap * 2);
		if (!b)
			return nomem(err);
		r->buf = b;
		r->cap *= 2;
	}
	n = fread(r->buf + r->len, 1, r->cap - r->len, r->f);
	if (n == 0) {
		r->eof = 1;
		if (ferror(r->f))
			return cases_errf(err, CASES_EIO, "reading input: %s",
					  strerror(errno ? errno : EIO));
		return CASES_OK;
	}
	r->len += n;
	if (r->base + (int64_t)r->len > IMPORT_AWS_MAX)
		return too_large(err);
	*got = n;
	return CASES_OK;
}

/* Consume n bytes, counting lines and characters as jansson does. */
static void
jr_advance(struct json_reader *r, size_t n)
{
	const char *s = r->buf + r->pos, *end = s + n, *nl;

	while ((nl = memchr(s, '\n', (size_t)(end - s)))) {
		r->line++;
		r->col = 0;
		s = nl + 1;
	}
	for (; s < end; s++) {
		if (((unsigned char)*s & 0xc0) != 0x80)
			r->col++;
	}
	r->pos += n;
}

/* Skip whitespace; *c is the next byte (not consumed) or EOF. */
static int
jr_peek(struct json_reader *r, int *c, char *err)
{
	size_t got;
	int rc;

	for (;;) {
		while (r->pos < r->len) {
			unsigned char b = (unsigned char)r->buf[r->pos];
			if (b == '\n') {
				r->line++;
				r->col = 0;
			} else if (b == ' ' || b == '\t' || b == '\r') {
				r->col++;
			} else {
				*c = b;
				return CASES_OK;
			}
			r->pos++;
		}
		rc = jr_more(r, &got, err);
		if (rc)
			return rc;
		if (!got) {
			*c = EOF;
			return CASES_OK;
		}
	}
}

/* "malformed JSON at line L, column C: what" at buf[pos] plus jansson's
 * line and column within the value (its first line starts at col). */
static int
jr_bad(const struct json_reader *r, int line, int column, const char *what,
       char *err)
{
	int64_t l = r->line, c = r->col + 1;
	char where[40], text[JSON_ERROR_TEXT_LENGTH];

	/* jansson quotes the input near the error: keep it on one line. */
	snprintf(text, sizeof(text), "%s", what);
	for (char *p = text; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	}
	if (line >= 1) {
		l = r->line + line - 1;
		c = (line == 1 ? r->col : 0) + (column > 0 ? column : 1);
	}
	return cases_errf(err, CASES_EINVAL,
			  "%smalformed JSON at line %lld, column %lld: %s",
			  jr_where(r, where, sizeof(where)), (long long)l,
			  (long long)c, text);
}

/*
 * Decode the JSON value at buf[pos] with jansson (json_loadb: *position
 * says exactly how many bytes it took) and consume it. A value may run
 * past the bytes read so far, or a number or keyword end just at them: the
 * result only counts when the input ended or jansson stopped clear of the
 * end (a UTF-8 sequence is at most 4 bytes); else read more and decode
 * again.
 */
static int
jr_value(struct json_reader *r, json_t **out, char *err)
{
	json_error_t e;
	json_t *v;
	size_t avail, got;
	int rc;

	*out = NULL;
	for (;;) {
		avail = r->len - r->pos;
		v = json_loadb(r->buf + r->pos, avail, AWS_FLAGS, &e);
		if (r->eof
		    || (e.position >= 0 && (size_t)e.position + 4 < avail))
			break;
		json_decref(v);
		rc = jr_more(r, &got, err);
		if (rc)
			return rc;
	}
	if (!v) {
		if (json_error_code(&e) == json_error_out_of_memory)
			return nomem(err);
		return jr_bad(r, e.line, e.column, e.text, err);
	}
	jr_advance(r, (size_t)e.position);
	*out = v;
	return CASES_OK;
}

/* ---- one case ---- */

/* What one AWS case says (strings borrowed from its JSON). */
struct aws_case {
	const char *case_id;
	const char *display_id;
	const char *subject;
	const char *status;
	const char *severity_code;
	const char *service_code;
	int64_t opened_at;
	int64_t first_response; /* earliest communication of the staff */
	int64_t latest;		/* latest communication */
	int64_t oldest;		/* oldest communication listed */
	int64_t ncomm;
	int complete; /* every communication is listed (no nextToken) */
};

/* The string member name of o in *out (borrowed from o), NULL when it is
 * absent or null; CASES_EINVAL naming what (name when NULL) when it is
 * required and missing, not a string, or holds a NUL. */
static int
aws_text(json_t *o, const char *name, const char *what, int required,
	 const char **out, char *err)
{
	json_t *v = json_object_get(o, name);

	*out = NULL;
	if (!what)
		what = name;
	if (!v || json_is_null(v)) {
		if (required)
			return cases_errf(err, CASES_EINVAL, "missing %s",
					  what);
		return CASES_OK;
	}
	if (!json_is_string(v))
		return cases_errf(err, CASES_EINVAL, "%s must be a string",
				  what);
	if (strlen(json_string_value(v)) != json_string_length(v))
		return cases_errf(err, CASES_EINVAL,
				  "%s contains a NUL character", what);
	*out = json_string_value(v);
	return CASES_OK;
}

/* s without the spaces around it: *len bytes from the return value. */
static const char *
trim(const char *s, size_t *len)
{
	size_t n = strlen(s);

	while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) {
		s++;
		n--;
	}
	while (n > 0
	       && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'
		   || s[n - 1] == '\r'))
		n--;
	*len = n;
	return s;
}

/* Whether a communication's submittedBy is the support staff's name
 * (staff, len bytes, trimmed): without regard to case and the spaces
 * around it. */
static int
is_staff(const char *who, const char *staff, size_t len)
{
	size_t n;
	const char *w = trim(who, &n);

	return n == len && strncasecmp(w, staff, n) == 0;
}

/* recentCommunications.communications: the first response (the earliest
 * communication of the staff, whatever the order they are listed in) and
 * the latest communication. Absent or null: none. */
static int
aws_comms(const struct aws_run *ar, json_t *obj, struct aws_case *a, char *err)
{
	json_t *recent = json_object_get(obj, "recentCommunications");
	json_t *list, *m, *tok;
	size_t i;
	int rc;

	a->complete = 1;
	if (!recent || json_is_null(recent))
		return CASES_OK;
	if (!json_is_object(recent))
		return cases_errf(err, CASES_EINVAL,
				  "recentCommunications must be an object");
	/* Only the most recent are listed when there are more. */
	tok = json_object_get(recent, "nextToken");
	a->complete = !tok || json_is_null(tok);
	list = json_object_get(recent, "communications");
	if (!list || json_is_null(list))
		return CASES_OK;
	if (!json_is_array(list))
		return cases_errf(err, CASES_EINVAL,
				  "communications must be an array");
	json_array_foreach(list, i, m)
	{
		char by[64], at[64];
		const char *who, *when;
		int64_t t;

		snprintf(by, sizeof(by), "communications[%zu].submittedBy", i);
		snprintf(at, sizeof(at), "communications[%zu].timeCreated", i);
		if (!json_is_object(m))
			return cases_errf(err, CASES_EINVAL,
					  "communications[%zu] is not an "
					  "object",
					  i);
		rc = aws_text(m, "timeCreated", at, 1, &when, err);
		if (rc == CASES_OK)
			rc = aws_text(m, "submittedBy", by, 1, &who, err);
		if (rc == CASES_OK)
			rc = import_parse_time(at, when, &t, err);
		if (rc)
			return rc;
		a->ncomm++;
		if (a->latest == CASE_NONE || t > a->latest)
			a->latest = t;
		if (a->oldest == CASE_NONE || t < a->oldest)
			a->oldest = t;
		if (is_staff(who, ar->staff, ar->staff_len)
		    && (a->first_response == CASE_NONE
			|| t < a->first_response))
			a->first_response = t;
	}
	return CASES_OK;
}

/* The fields of a case object that the importer uses (categoryCode and
 * the case's submittedBy are only checked). */
static int
aws_read(const struct aws_run *ar, json_t *obj, struct aws_case *a, char *err)
{
	const char *time_created, *category, *submitted_by;
	int rc;

	a->first_response = a->latest = a->oldest = CASE_NONE;
	rc = aws_text(obj, "caseId", NULL, 1, &a->case_id, err);
	if (rc == CASES_OK)
		rc = import_check_external_id(a->case_id, err);
	if (rc)
		return rc;
	rc = aws_text(obj, "timeCreated", NULL, 1, &time_created, err);
	if (rc == CASES_OK)
		rc = aws_text(obj, "submittedBy", NULL, 0, &submitted_by, err);
	if (rc == CASES_OK)
		rc = aws_text(obj, "subject", NULL, 1, &a->subject, err);
	if (rc == CASES_OK)
		rc = aws_text(obj, "severityCode", NULL, 1, &a->severity_code,
			      err);
	if (rc == CASES_OK)
		rc = aws_text(obj, "status", NULL, 1, &a->status, err);
	if (rc == CASES_OK)
		rc = aws_text(obj, "serviceCode", NULL, 1, &a->service_code,
			      err);
	if (rc == CASES_OK)
		rc = aws_text(obj, "displayId", NULL, 0, &a->display_id, err);
	if (rc == CASES_OK)
		rc = aws_text(obj, "categoryCode", NULL, 0, &category, err);
	if (rc == CASES_OK)
		rc = import_parse_time("timeCreated", time_created,
				       &a->opened_at, err);
	if (rc == CASES_OK)
		rc = aws_comms(ar, obj, a, err);
	return rc;
}

/* How long before the case's timeCreated a communication may be stamped
 * and still count as at the opening: AWS's clocks disagree by a few
 * milliseconds, which dropping the fractions can make a second. */
#define AWS_SKEW_MAX 60

/* A time used for the case (the first response, the resolution) that is
 * stamped before the opening: up to AWS_SKEW_MAX seconds before, it is
 * taken as the opening, with a warning; farther, it is an error. */
static int
aws_skew(struct aws_run *ar, const struct aws_case *a, const char *what,
	 int64_t *t, char *err)
{
	char name[120], tb[TIMEFMT_MAX], ob[TIMEFMT_MAX];

	if (*t == CASE_NONE || *t >= a->opened_at)
		return CASES_OK;
	timefmt_rfc3339(*t, tb);
	timefmt_rfc3339(a->opened_at, ob);
	if (a->opened_at - *t > AWS_SKEW_MAX)
		return cases_errf(err, CASES_EINVAL,
				  "%s %s is %lld s before timeCreated %s (more "
				  "than the %d s allowed for clock skew)",
				  what, tb, (long long)(a->opened_at - *t), ob,
				  AWS_SKEW_MAX);
	aws_warn(ar,
		 "%s: %s %s is %lld s before timeCreated %s: taken as at the "
		 "opening (clock skew)",
		 case_name(ar->index, ar->case_id, name, sizeof(name)), what,
		 tb, (long long)(a->opened_at - *t), ob);
	*t = a->opened_at;
	return CASES_OK;
}

/* What AWS says of a case -> an import_case (the caller sets its plan or
 * account and the origin). */
static int
aws_to_case(const struct aws_case *a, struct import_case *ic, char *err)
{
	import_case_init(ic);
	if (plan_severity_parse(a->severity_code, &ic->severity, err))
		return cases_errf(err, CASES_EINVAL,
				  "unknown severityCode '%.64s' (expected one "
				  "of: low, normal, high, urgent, critical)",
				  a->severity_code);
	if (strcmp(a->service_code, "billing") == 0
	    || strcmp(a->service_code, "customer-account") == 0) {
		/* Account-billing cases take general (docs/domain.md 3.3). */
		ic->category = CAT_ACCOUNT_BILLING;
		ic->severity = SEV_GENERAL;
	}
	ic->channel = CH_CONSOLE;
	ic->external_id = a->case_id;
	ic->subject = a->subject;
	ic->opened_at = a->opened_at;
	ic->first_response_at = a->first_response;
	if (strcmp(a->status, "resolved") == 0)
		ic->resolved_at =
			a->latest != CASE_NONE ? a->latest : a->opened_at;
	return CASES_OK;
}

/* A plan's refusal (the reason in err): with --history, a warning that
 * the case goes in anyway with target (CASE_NONE: none); else an error
 * that says so. */
static int
refused(struct aws_run *ar, int64_t target, char *err)
{
	char why[CASES_ERRMAX], name[120], t[TIMEFMT_MAX];

	snprintf(why, sizeof(why), "%s", err);
	if (!ar->im->req->history)
		return cases_errf(err, CASES_EINVAL,
				  "%s; --history imports such cases anyway",
				  why);
	case_name(ar->index, ar->case_id, name, sizeof(name));
	if (target != CASE_NONE)
		aws_warn(ar, "%s: %s: imported anyway (--history), target %s",
			 name, why, timefmt_duration(target, t));
	else
		aws_warn(ar,
			 "%s: %s: imported anyway (--history), without a "
			 "target",
			 name, why);
	return CASES_OK;
}

/* Insert the new case ic: prepared even when its plan (--plan, or the
 * account's) refuses it now, which --history lets in (see refused()). */
static int
aws_insert(struct aws_run *ar, struct import_case *ic, char *err)
{
	struct case_rec c;
	char opened[CASE_OPENED_MAX];
	int no, rc;

	ic->anyway = 1;
	rc = import_prepare(ar->im, ic, &c, opened, &no, err);
	if (rc == CASES_OK && no)
		rc = refused(ar, c.target_s, err);
	if (rc == CASES_OK)
		rc = import_write(ar->im, &c, opened, 0, err);
	return rc;
}

/*
 * The first response a known case should have, from the one it has and
 * what the listing shows: the listing's earliest message of the staff
 * when it is earlier, or when the stored one is none of the listed
 * messages of the staff (an older rule counted the customer's own) while
 * the listing reaches back to it. A listing of only the most recent
 * communications cannot say anything of an older one: it is kept.
 */
static int64_t
right_response(const struct aws_case *a, int64_t stored)
{
	if (stored == CASE_NONE)
		return a->first_response;
	if (a->first_response != CASE_NONE && a->first_response <= stored)
		return a->first_response;
	/* stored is not a message of the staff in this listing. */
	if (!a->complete && (a->ncomm == 0 || stored < a->oldest))
		return stored;
	return a->first_response;
}

/* Give c its right first response: the `responded` event moves with it
 * (or goes), and a note says what was corrected. */
static int
set_response(struct aws_run *ar, struct case_rec *c, int64_t fr, int64_t at,
	     char *err)
{
	char detail[256], was[TIMEFMT_MAX], now[TIMEFMT_MAX];
	size_t n = ar->staff_len;
	int rc;

	/* The name, up to 64 bytes, not cut inside a character. */
	if (n > 64)
		for (n = 64; ((unsigned char)ar->staff[n] & 0xc0) == 0x80; n--)
			;

	rc = import_not_before("first response", fr, c->opened_at, err);
	if (rc == CASES_OK)
		rc = store_import_response(ar->im->st, c->rowid, fr, err);
	if (rc == CASES_OK && c->first_response_at != CASE_NONE) {
		timefmt_rfc3339(c->first_response_at, was);
		if (fr != CASE_NONE)
			snprintf(detail, sizeof(detail),
				 "first response corrected by an import: was "
				 "%s, now %s (the earliest message of '%.*s')",
				 was, timefmt_rfc3339(fr, now), (int)n,
				 ar->staff);
		else
			snprintf(detail, sizeof(detail),
				 "first response corrected by an import: was "
				 "%s, now none (no message of '%.*s')",
				 was, (int)n, ar->staff);
		rc = store_import_event(ar->im->st, c->rowid, at, "note",
					detail, err);
	}
	if (rc == CASES_OK)
		c->first_response_at = fr;
	return rc;
}

/* Bring a known case up to date with what AWS says now. */
static int
aws_update(struct aws_run *ar, struct case_rec *c, const struct aws_case *a,
	   const struct import_case *ic, char *err)
{
	struct importer *im = ar->im;
	int64_t at = im->req->now > c->opened_at ? im->req->now : c->opened_at;
	int64_t fr = right_response(a, c->first_response_at);
	char detail[160], t[TIMEFMT_MAX];
	int sev =
		c->category == CAT_ACCOUNT_BILLING ? SEV_GENERAL : ic->severity;
	int changed = 0, rc;

	/* The first response carries its own (earlier) time: apply it
	 * before a severity change seen now, which then no longer moves
	 * due_at (docs/deadlines.md 5.5). */
	if (fr != c->first_response_at) {
		rc = set_response(ar, c, fr, at, err);
		if (rc)
			return rc;
		changed = 1;
	}
	if (sev != c->severity) {
		struct plan p;
		int old = c->severity, no, clock;
		rc = store_plan_get_ver(im->st, c->plan_ver, &p, err);
		if (rc == CASES_OK)
			rc = case_apply_severity(im->st, c, &p, sev, &im->cals,
						 1, &no, err);
		if (rc == CASES_OK && no)
			rc = refused(ar,
				     case_target(&p, sev, c->category, &clock),
				     err);
		if (rc)
			return rc;
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
		rc = import_not_before("resolution", ic->resolved_at,
				       c->opened_at, err);
		if (rc == CASES_OK)
			rc = store_import_event(im->st, c->rowid,
						ic->resolved_at, "resolved",
						NULL, err);
		if (rc)
			return rc;
		c->resolved_at = ic->resolved_at;
		changed = 1;
	} else if (ic->resolved_at == CASE_NONE
		   && c->resolved_at != CASE_NONE) {
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

/* "cases[N] (caseId): reason" or "cases[N]: reason", on one line whatever
 * the reason quotes. Database, memory and input failures keep their
 * status; anything else is bad input. */
static int
at_case(int64_t index, const char *case_id, int rc, char *err)
{
	char inner[CASES_ERRMAX], id[80];

	if (rc == CASES_EDB || rc == CASES_ENOMEM || rc == CASES_EIO)
		return rc;
	snprintf(inner, sizeof(inner), "%s", err);
	for (char *p = inner; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	}
	if (!case_id)
		return cases_errf(err, CASES_EINVAL, "cases[%lld]: %s",
				  (long long)index, inner);
	import_quote_name(case_id, strlen(case_id), id, sizeof(id));
	return cases_errf(err, CASES_EINVAL, "cases[%lld] (%s): %s",
			  (long long)index, id, inner);
}

/* Import cases[index], a JSON value. */
static int
aws_one(struct aws_run *ar, json_t *obj, int64_t index, char *err)
{
	struct importer *im = ar->im;
	struct aws_case a = { 0 };
	struct import_case ic;
	struct case_rec old;
	char origin[128];
	int rc;

	if (!json_is_object(obj))
		return cases_errf(err, CASES_EINVAL,
				  "cases[%lld]: not an object",
				  (long long)index);
	rc = aws_read(ar, obj, &a, err);
	ar->index = index;
	ar->case_id = a.case_id;
	if (rc == CASES_OK)
		rc = aws_skew(ar, &a, "first response", &a.first_response, err);
	if (rc == CASES_OK && strcmp(a.status, "resolved") == 0)
		rc = aws_skew(ar, &a, "resolution (latest communication)",
			      &a.latest, err);
	if (rc == CASES_OK)
		rc = aws_to_case(&a, &ic, err);
	if (rc)
		goto out;
	rc = store_case_by_external(im->st, a.case_id, &old, err);
	if (rc == CASES_OK) {
		rc = aws_update(ar, &old, &a, &ic, err);
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
	rc = aws_insert(ar, &ic, err);
out:
	if (rc)
		rc = at_case(index, a.case_id, rc, err);
	return rc;
}

/* ---- the document ---- */

static int
not_describe_cases(char *err)
{
	return cases_errf(err, CASES_EINVAL,
			  "expected the JSON of 'aws support describe-cases' "
			  "(an object with a \"cases\" array)");
}

/* The elements of the "cases" array, r at its '['. */
static int
aws_cases(struct aws_run *ar, struct json_reader *r, char *err)
{
	json_t *v;
	int64_t n = 0;
	int c, rc;

	jr_advance(r, 1);
	rc = jr_peek(r, &c, err);
	if (rc || c == ']') {
		if (rc == CASES_OK)
			jr_advance(r, 1);
		return rc;
	}
	for (;;) {
		r->index = n;
		rc = jr_value(r, &v, err);
		r->index = -1;
		if (rc)
			return rc;
		rc = aws_one(ar, v, n, err);
		json_decref(v);
		if (rc)
			return rc;
		n++;
		rc = jr_peek(r, &c, err);
		if (rc)
			return rc;
		if (c != ',' && c != ']')
			return jr_bad(r, 0, 0,
				      c == EOF ? "premature end of input"
					       : "expected ',' or ']' after a "
						 "case",
				      err);
		jr_advance(r, 1);
		if (c == ']')
			return CASES_OK;
		rc = jr_peek(r, &c, err);
		if (rc)
			return rc;
	}
}

/* Which key: 0 "cases", 1 "nextToken", 2 "NextToken", -1 another. */
static int
top_key(json_t *k)
{
	static const char *const keys[] = { "cases", "nextToken", "NextToken" };

	for (int i = 0; i < 3; i++) {
		if (json_string_length(k) == strlen(keys[i])
		    && memcmp(json_string_value(k), keys[i], strlen(keys[i]))
			       == 0)
			return i;
	}
	return -1;
}

/*
 * The top level: an object whose "cases" member is imported element by
 * element. The CLI's pagination tokens are kept: nextToken (the API's,
 * printed with --no-paginate) and NextToken (the CLI's own, printed with
 * --max-items). Every other member is decoded (so the document is checked
 * as JSON) and skipped.
 */
static int
aws_document(struct aws_run *ar, struct json_reader *r, char *err)
{
	json_t *k, *v;
	int seen = 0, key, c, rc;

	rc = jr_peek(r, &c, err);
	if (rc)
		return rc;
	if (c != '{') {
		/* Malformed JSON is said so; an array or a scalar is not
		 * what describe-cases prints. */
		if (c != EOF && c != '[') {
			rc = jr_value(r, &v, err);
			if (rc)
				return rc;
			json_decref(v);
		}
		return not_describe_cases(err);
	}
	jr_advance(r, 1);
	rc = jr_peek(r, &c, err);
	if (rc)
		return rc;
	if (c == '}')
		jr_advance(r, 1);
	while (c != '}') {
		if (c != '"')
			return jr_bad(r, 0, 0,
				      c == EOF ? "premature end of input"
					       : "expected a string (a key)",
				      err);
		rc = jr_value(r, &k, err);
		if (rc)
			return rc;
		key = top_key(k);
		json_decref(k);
		rc = jr_peek(r, &c, err);
		if (rc)
			return rc;
		if (c != ':')
			return jr_bad(r, 0, 0, "expected ':' after a key", err);
		jr_advance(r, 1);
		rc = jr_peek(r, &c, err);
		if (rc)
			return rc;
		if (key == 0 && seen)
			return jr_bad(r, 0, 0, "\"cases\" given twice", err);
		if (key == 0 && c == '[') {
			seen = 1;
			rc = aws_cases(ar, r, err);
		} else if (key == 0) {
			return not_describe_cases(err);
		} else {
			rc = jr_value(r, &v, err);
			if (rc == CASES_OK && key > 0 && json_is_string(v)
			    && json_string_length(v) > 0) {
				free(ar->next_token[key - 1]);
				ar->next_token[key - 1] =
					strdup(json_string_value(v));
				if (!ar->next_token[key - 1])
					rc = nomem(err);
			}
			json_decref(v);
		}
		if (rc)
			return rc;
		rc = jr_peek(r, &c, err);
		if (rc)
			return rc;
		if (c != ',' && c != '}')
			return jr_bad(r, 0, 0,
				      c == EOF ? "premature end of input"
					       : "expected ',' or '}'",
				      err);
		jr_advance(r, 1);
		if (c == ',') {
			rc = jr_peek(r, &c, err);
			if (rc)
				return rc;
			if (c == '}') /* not after a comma */
				c = 0;
		}
	}
	rc = jr_peek(r, &c, err);
	if (rc)
		return rc;
	if (c != EOF)
		return jr_bad(r, 0, 0, "end of input expected", err);
	return seen ? CASES_OK : not_describe_cases(err);
}

/* The warning for a partial listing: which 0 nextToken, 1 NextToken. */
static void
warn_partial(struct aws_run *ar, int which)
{
	static const char *const key[] = { "nextToken", "NextToken" };
	static const char *const option[] = { "--no-paginate", "--max-items" };
	const char *tok = ar->next_token[which];
	const char *more = strlen(tok) > 1024 ? "..." : "";

	if (which == 0)
		aws_warn(
			ar,
			"a partial listing: the input ends with %s '%.1024s%s' "
			"(from %s); 'aws support describe-cases' without %s "
			"pages through every case by itself",
			key[which], tok, more, option[which], option[which]);
	else
		aws_warn(
			ar,
			"a partial listing: the input ends with %s '%.1024s%s' "
			"(from %s); 'aws support describe-cases' without %s "
			"pages through every case by itself (or give "
			"--starting-token '%.1024s%s' for the rest)",
			key[which], tok, more, option[which], option[which],
			tok, more);
}

int
import_aws_run(struct importer *im, char *err)
{
	struct json_reader r = { .f = im->req->in, .cap = AWS_BUF };
	struct aws_run ar = { .im = im };
	struct stat sb;
	int rc;

	if (!im->req->plan == !im->req->account)
		return cases_errf(err, CASES_EINVAL,
				  "--format aws needs --plan P or --account A "
				  "(one of them): the plan of the new cases");
	ar.staff = trim(im->req->staff_name ? im->req->staff_name
					    : IMPORT_AWS_STAFF,
			&ar.staff_len);
	if (!utf8_valid(ar.staff, ar.staff_len))
		return cases_errf(err, CASES_EINVAL,
				  "invalid staff name (expected UTF-8)");
	if (ar.staff_len == 0)
		return cases_errf(err, CASES_EINVAL,
				  "empty staff name (expected the submittedBy "
				  "of the support side's communications, like "
				  "'%s')",
				  IMPORT_AWS_STAFF);
	/* Check them before reading: an unknown one is not found (3). */
	if (im->req->account) {
		if (!import_acct_get(im, im->req->account, err, &rc))
			return rc;
	} else if (!import_plan_get(im, im->req->plan, err, &rc)) {
		return rc;
	}
	/* A file too large is refused before it is read. */
	if (fileno(r.f) >= 0 && fstat(fileno(r.f), &sb) == 0
	    && S_ISREG(sb.st_mode) && sb.st_size > IMPORT_AWS_MAX)
		return too_large(err);
	r.line = 1;
	r.index = -1;
	r.buf = malloc(r.cap);
	if (!r.buf)
		return nomem(err);
	rc = aws_document(&ar, &r, err);
	for (int i = 0; i < 2; i++) {
		if (rc == CASES_OK && ar.next_token[i])
			warn_partial(&ar, i);
		free(ar.next_token[i]);
	}
	free(r.buf);
	return rc;
}
