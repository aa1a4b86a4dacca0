/*
 * import.c - cases in (docs/formats.md section 8): the importer and what
 * every importer shares (import_priv.h), a reader of lines, and the
 * importers of JSON lines and CSV (the `list` record formats). The AWS
 * importer is import_aws.c.
 *
 * JSON is parsed by jansson, one line at a time. Inputs are streamed
 * record by record through fixed buffers, so memory does not grow with
 * the input.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <uuid/uuid.h>

#include "cases/case.h"
#include "cases/catalog.h"
#include "cases/csv.h"
#include "cases/error.h"
#include "cases/import.h"
#include "cases/plan.h"
#include "cases/store.h"
#include "cases/timefmt.h"
#include "cases/utf8.h"
#include "import_priv.h"

/* ---- lines ---- */

/* Lines of a stream through one fixed buffer (IMPORT_RECORD_MAX + 1). */
struct lines {
	FILE *f;
	char *buf;
	size_t cap, start, end;
	int eof, ioerr;
	int64_t line;
};

/* The next line (without its LF, and CR before it) in *s, *len: 1, or 0
 * at the end, or -1 when a line is too long, -2 on a read error. */
static int
lines_next(struct lines *l, char **s, size_t *len)
{
	char *nl;

	for (;;) {
		nl = memchr(l->buf + l->start, '\n', l->end - l->start);
		if (nl || (l->eof && l->end > l->start))
			break;
		if (l->eof)
			return l->ioerr ? -2 : 0;
		if (l->start > 0) {
			memmove(l->buf, l->buf + l->start, l->end - l->start);
			l->end -= l->start;
			l->start = 0;
		}
		if (l->end == l->cap)
			return -1;
		size_t n = fread(l->buf + l->end, 1, l->cap - l->end, l->f);
		l->end += n;
		if (n == 0) {
			l->eof = 1;
			if (ferror(l->f))
				l->ioerr = errno ? errno : EIO;
		}
	}
	l->line++;
	*s = l->buf + l->start;
	if (nl) {
		*len = (size_t)(nl - *s);
		l->start = (size_t)(nl - l->buf) + 1;
	} else {
		*len = l->end - l->start;
		l->start = l->end;
	}
	if (*len > 0 && (*s)[*len - 1] == '\r')
		(*len)--;
	if (l->line == 1 && *len >= 3 && memcmp(*s, "\xef\xbb\xbf", 3) == 0) {
		*s += 3;
		*len -= 3;
	}
	return 1;
}

/* ---- the importer ---- */

static void
importer_release(struct importer *im)
{
	for (size_t i = 0; i < im->nplans; i++)
		free(im->plans[i].key);
	free(im->plans);
	for (size_t i = 0; i < im->acct_slots; i++)
		free(im->accts[i].name);
	free(im->accts);
	calcache_release(&im->cals);
}

static int
nomem(char *err)
{
	return cases_errf(err, CASES_ENOMEM, "out of memory");
}

const struct plan *
import_plan_get(struct importer *im, const char *name, char *err, int *rc)
{
	struct plan_entry *more;
	struct plan p;

	for (size_t i = 0; i < im->nplans; i++) {
		if (strcmp(im->plans[i].key, name) == 0)
			return &im->plans[i].p;
	}
	*rc = store_plan_get(im->st, name, &p, err);
	if (*rc)
		return NULL;
	more = realloc(im->plans, (im->nplans + 1) * sizeof(*more));
	if (!more) {
		*rc = nomem(err);
		return NULL;
	}
	im->plans = more;
	im->plans[im->nplans].key = strdup(name);
	if (!im->plans[im->nplans].key) {
		*rc = nomem(err);
		return NULL;
	}
	im->plans[im->nplans].p = p;
	return &im->plans[im->nplans++].p;
}

static size_t
name_hash(const char *s, size_t nslot)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h & (nslot - 1);
}

static int
acct_grow(struct importer *im)
{
	size_t nslot = im->acct_slots ? im->acct_slots * 2 : 64;
	struct acct_entry *t = calloc(nslot, sizeof(*t));

	if (!t)
		return CASES_ENOMEM;
	for (size_t i = 0; i < im->acct_slots; i++) {
		size_t h;
		if (!im->accts[i].name)
			continue;
		for (h = name_hash(im->accts[i].name, nslot); t[h].name;
		     h = (h + 1) & (nslot - 1))
			;
		t[h] = im->accts[i];
	}
	free(im->accts);
	im->accts = t;
	im->acct_slots = nslot;
	return CASES_OK;
}

const struct acct_entry *
import_acct_get(struct importer *im, const char *name, char *err, int *rc)
{
	struct account_rec a;
	size_t h;

	if (im->acct_slots) {
		for (h = name_hash(name, im->acct_slots); im->accts[h].name;
		     h = (h + 1) & (im->acct_slots - 1)) {
			if (strcmp(im->accts[h].name, name) == 0)
				return &im->accts[h];
		}
	}
	*rc = store_account_get(im->st, name, &a, err);
	if (*rc)
		return NULL;
	if ((im->nacct + 1) * 2 > im->acct_slots && acct_grow(im)) {
		account_rec_release(&a);
		*rc = nomem(err);
		return NULL;
	}
	for (h = name_hash(name, im->acct_slots); im->accts[h].name;
	     h = (h + 1) & (im->acct_slots - 1))
		;
	im->accts[h].name = a.name; /* taken over from a */
	im->accts[h].id = a.id;
	im->accts[h].cal_ver = a.cal_ver;
	im->accts[h].plan = a.plan;
	a.name = NULL;
	account_rec_release(&a);
	im->nacct++;
	return &im->accts[h];
}

void
import_case_init(struct import_case *ic)
{
	memset(ic, 0, sizeof(*ic));
	ic->severity = SEV_NONE;
	ic->category = CAT_TECHNICAL;
	ic->channel = CH_CONSOLE;
	ic->status = -1;
	ic->opened_at = CASE_NONE;
	ic->due_at = CASE_NONE;
	ic->first_response_at = CASE_NONE;
	ic->resolved_at = CASE_NONE;
	ic->breached_at = CASE_NONE;
}

int
import_not_before(const char *what, int64_t t, int64_t opened, char *err)
{
	char a[TIMEFMT_MAX], b[TIMEFMT_MAX];

	if (t == CASE_NONE || t >= opened)
		return CASES_OK;
	return cases_errf(err, CASES_EINVAL, "%s %s is before opened_at %s",
			  what, timefmt_rfc3339(t, a),
			  timefmt_rfc3339(opened, b));
}

/* The events of a new imported case: "opened" (with detail), then
 * "responded", "breached" and "resolved" where set, in time order (in that
 * order on equal times). Returns how many. */
static int
case_events(const struct case_rec *c, const char *detail,
	    struct store_batch_event ev[STORE_BATCH_EVENTS])
{
	int n = 0;

	ev[n++] = (struct store_batch_event){ c->opened_at, "opened", detail };
	if (c->first_response_at != CASE_NONE)
		ev[n++] = (struct store_batch_event){ c->first_response_at,
						      "responded", NULL };
	if (c->breached_at != CASE_NONE)
		ev[n++] = (struct store_batch_event){ c->breached_at,
						      "breached", NULL };
	if (c->resolved_at != CASE_NONE)
		ev[n++] = (struct store_batch_event){ c->resolved_at,
						      "resolved", NULL };
	for (int i = 2; i < n; i++) {
		for (int j = i; j > 1 && ev[j].at < ev[j - 1].at; j--) {
			struct store_batch_event t = ev[j];
			ev[j] = ev[j - 1];
			ev[j - 1] = t;
		}
	}
	return n;
}

int
import_prepare(struct importer *im, const struct import_case *ic,
	       struct case_rec *c, char *opened, int *refused, char *err)
{
	const struct acct_entry *a = NULL;
	const struct plan *p = NULL;
	struct case_new in = { .category = ic->category,
			       .channel = ic->channel,
			       .severity = ic->severity,
			       .subject = ic->subject,
			       .external_id = ic->external_id,
			       .opened_at = ic->opened_at,
			       .uuid = ic->has_uuid ? ic->uuid : NULL,
			       .due_at = ic->due_at,
			       .origin = ic->origin,
			       .anyway = ic->anyway };
	int status, rc = CASES_OK;

	if (refused)
		*refused = 0;
	if (!ic->subject)
		return cases_errf(err, CASES_EINVAL, "missing subject");
	rc = case_subject_check(ic->subject, err);
	if (rc)
		return rc;
	if (ic->opened_at == CASE_NONE)
		return cases_errf(err, CASES_EINVAL, "missing opened_at");
	if (ic->account) {
		a = import_acct_get(im, ic->account, err, &rc);
		if (!a)
			return rc;
	}
	if (ic->plan)
		p = import_plan_get(im, ic->plan, err, &rc);
	else if (a)
		p = import_plan_get(im, a->plan, err, &rc);
	else
		return cases_errf(err, CASES_EINVAL,
				  "missing plan (a case needs a plan or an "
				  "account)");
	if (!p)
		return rc;
	in.plan = p;
	if (a) {
		in.account_id = a->id;
		in.cal_ver = a->cal_ver;
	} else {
		/* The default calendar, made (or found) once per import. */
		if (!im->utc_ver) {
			rc = catalog_zone_calendar(im->st, NULL, &im->utc_ver,
						   err);
			if (rc)
				return rc;
		}
		in.cal_ver = im->utc_ver;
	}
	rc = case_prepare(im->st, &in, &im->cals, c, opened, refused, err);
	if (rc)
		return rc;
	c->rowid = ic->number;
	c->assignee = (char *)ic->assignee;
	rc = import_not_before("first_response_at", ic->first_response_at,
			       ic->opened_at, err);
	if (rc == CASES_OK)
		rc = import_not_before("resolved_at", ic->resolved_at,
				       ic->opened_at, err);
	if (rc == CASES_OK)
		rc = import_not_before("breached_at", ic->breached_at,
				       ic->opened_at, err);
	if (rc == CASES_OK)
		rc = import_not_before("due_at", ic->due_at, ic->opened_at,
				       err);
	if (rc)
		return rc;
	c->first_response_at = ic->first_response_at;
	c->resolved_at = ic->resolved_at;
	c->breached_at = ic->breached_at;
	status = case_status(c);
	if (ic->status >= 0 && ic->status != status)
		return cases_errf(err, CASES_EINVAL,
				  "status '%s' does not match the times "
				  "(they make the case '%s')",
				  case_status_name(ic->status),
				  case_status_name(status));
	if (c->target_s == CASE_NONE
	    && (ic->due_at != CASE_NONE || ic->breached_at != CASE_NONE))
		return cases_errf(err, CASES_EINVAL,
				  "%s is set, but plan '%s' has no "
				  "first-response target for category '%s', "
				  "severity '%s'",
				  ic->due_at != CASE_NONE ? "due_at"
							  : "breached_at",
				  p->name, plan_category_name(ic->category),
				  plan_severity_name(c->severity));
	return CASES_OK;
}

int
import_write(struct importer *im, struct case_rec *c, const char *opened,
	     int64_t tag, char *err)
{
	struct store_batch_event ev[STORE_BATCH_EVENTS];
	int nev = case_events(c, opened, ev), rc;

	if (im->batch) {
		rc = store_batch_add(im->batch, c, tag, ev, nev, &im->failed,
				     err);
	} else {
		rc = store_import_case(im->st, c, err);
		for (int i = 0; i < nev && rc == CASES_OK; i++)
			rc = store_import_event(im->st, c->rowid, ev[i].at,
						ev[i].kind, ev[i].detail, err);
	}
	if (rc == CASES_OK)
		im->stats->added++;
	return rc;
}

int
import_insert(struct importer *im, const struct import_case *ic, int64_t tag,
	      char *err)
{
	struct case_rec c;
	char opened[CASE_OPENED_MAX];
	int rc = import_prepare(im, ic, &c, opened, NULL, err);

	return rc ? rc : import_write(im, &c, opened, tag, err);
}

/* ---- records in the list formats ---- */

enum field {
	F_ID,
	F_EXTERNAL_ID,
	F_ACCOUNT,
	F_PLAN,
	F_SEVERITY,
	F_CATEGORY,
	F_CHANNEL,
	F_STATUS,
	F_OPENED_AT,
	F_DUE_AT,
	F_FIRST_RESPONSE_AT,
	F_RESOLVED_AT,
	F_BREACHED_AT,
	F_SUBJECT,
	F_NUMBER,
	F_ASSIGNEE,
	NFIELDS
};

static const char *const field_names[NFIELDS] = {
	"id",
	"external_id",
	"account",
	"plan",
	"severity",
	"category",
	"channel",
	"status",
	"opened_at",
	"due_at",
	"first_response_at",
	"resolved_at",
	"breached_at",
	"subject",
	"number",
	"assignee",
};

#define FIELD_LIST                                                             \
	"id, external_id, account, plan, severity, category, channel, "        \
	"status, opened_at, due_at, first_response_at, resolved_at, "          \
	"breached_at, subject, number, assignee"

/* A record's values as text: NULL for absent or null. */
struct rec {
	const char *v[NFIELDS];
	size_t len[NFIELDS];
	unsigned char seen[NFIELDS];
	char number[24]; /* a JSON number's text */
};

static int
field_find(const char *name, size_t len)
{
	for (int i = 0; i < NFIELDS; i++) {
		if (strlen(field_names[i]) == len
		    && memcmp(field_names[i], name, len) == 0)
			return i;
	}
	return -1;
}

void
import_quote_name(const char *s, size_t len, char *buf, size_t size)
{
	size_t n = 0;

	for (size_t i = 0; i < len && n + 1 < size && i < 64; i++) {
		unsigned char c = (unsigned char)s[i];
		buf[n++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	buf[n] = '\0';
}

static int
parse_uuid(const char *s, unsigned char out[16], char *err)
{
	uuid_t uu;

	/* uuid_parse() accepts exactly the 36-character form. */
	if (strlen(s) != 36 || uuid_parse(s, uu) != 0)
		return cases_errf(err, CASES_EINVAL,
				  "invalid id '%.64s' (expected a UUID like "
				  "3f2a9c1b-0d4e-4f6a-9b8c-7d6e5f4a3b2c)",
				  s);
	memcpy(out, uu, 16);
	return CASES_OK;
}

/* A case number: a whole number from 1 (a JSON number or its text). */
static int
parse_number(const char *s, int64_t *out, char *err)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (!isdigit((unsigned char)*s) || *end || errno || v <= 0)
		return cases_errf(err, CASES_EINVAL,
				  "invalid number '%.64s' (expected a case "
				  "number: a whole number from 1)",
				  s);
	*out = v;
	return CASES_OK;
}

int
import_check_external_id(const char *s, char *err)
{
	size_t n = strlen(s);

	if (n == 0 || n > 256 || !utf8_valid(s, n))
		return cases_errf(err, CASES_EINVAL,
				  "invalid external_id '%.64s' (expected 1 to "
				  "256 bytes of UTF-8)",
				  s);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return cases_errf(err, CASES_EINVAL,
					  "invalid external_id (control "
					  "characters are not allowed)");
	}
	return CASES_OK;
}

int
import_parse_time(const char *field, const char *s, int64_t *out, char *err)
{
	char inner[CASES_ERRMAX];
	size_t n = strlen(s);
	int zoned = s[0] == '@'
		    || (n > 0 && (s[n - 1] == 'Z' || s[n - 1] == 'z'))
		    || (n > 6 && (s[n - 6] == '+' || s[n - 6] == '-')
			&& s[n - 3] == ':');

	if (!zoned)
		return cases_errf(err, CASES_EINVAL,
				  "invalid %s '%.64s' (expected an RFC 3339 "
				  "time with Z or an offset, like "
				  "2026-11-26T09:00:00Z)",
				  field, s);
	if (timefmt_parse_instant(s, NULL, out, inner) != CASES_OK)
		return cases_errf(err, CASES_EINVAL, "%s: %s", field, inner);
	return CASES_OK;
}

/* Text fields -> an import_case. */
static int
parse_rec(const struct rec *r, struct import_case *ic, char *err)
{
	int64_t *times[] = { &ic->opened_at, &ic->due_at,
			     &ic->first_response_at, &ic->resolved_at,
			     &ic->breached_at };
	int rc = CASES_OK;

	import_case_init(ic);
	ic->origin = "imported";
	for (int f = 0; f < NFIELDS; f++) {
		if (r->v[f] && strlen(r->v[f]) != r->len[f])
			return cases_errf(err, CASES_EINVAL,
					  "%s contains a NUL character",
					  field_names[f]);
	}
	if (r->v[F_ID])
		rc = parse_uuid(r->v[F_ID], ic->uuid, err);
	if (rc == CASES_OK && r->v[F_NUMBER])
		rc = parse_number(r->v[F_NUMBER], &ic->number, err);
	ic->has_uuid = r->v[F_ID] != NULL;
	if (rc == CASES_OK && r->v[F_EXTERNAL_ID])
		rc = import_check_external_id(r->v[F_EXTERNAL_ID], err);
	if (rc == CASES_OK && r->v[F_ASSIGNEE])
		rc = case_name_check(r->v[F_ASSIGNEE], "assignee", err);
	if (rc == CASES_OK && r->v[F_SEVERITY])
		rc = plan_severity_parse(r->v[F_SEVERITY], &ic->severity, err);
	if (rc == CASES_OK && r->v[F_CATEGORY])
		rc = plan_category_parse(r->v[F_CATEGORY], &ic->category, err);
	if (rc == CASES_OK && r->v[F_CHANNEL])
		rc = plan_channel_parse(r->v[F_CHANNEL], &ic->channel, err);
	if (rc == CASES_OK && r->v[F_STATUS]) {
		rc = case_status_parse(r->v[F_STATUS], &ic->status, err);
		if (rc == CASES_OK && ic->status < 0)
			rc = cases_errf(err, CASES_EINVAL,
					"unknown status 'all' (expected one "
					"of: open, responded, resolved)");
	}
	for (int f = F_OPENED_AT; rc == CASES_OK && f <= F_BREACHED_AT; f++) {
		if (r->v[f])
			rc = import_parse_time(field_names[f], r->v[f],
					       times[f - F_OPENED_AT], err);
	}
	if (rc)
		return rc;
	ic->external_id = r->v[F_EXTERNAL_ID];
	ic->account = r->v[F_ACCOUNT];
	ic->plan = r->v[F_PLAN];
	ic->subject = r->v[F_SUBJECT];
	ic->assignee = r->v[F_ASSIGNEE];
	return CASES_OK;
}

/* "line N: reason", on one line whatever the reason quotes. Database and
 * memory failures keep their status; anything else is bad input. */
static int
at_line(int64_t line, int rc, char *err)
{
	char inner[CASES_ERRMAX];

	if (rc == CASES_EDB || rc == CASES_ENOMEM || rc == CASES_EIO)
		return rc;
	snprintf(inner, sizeof(inner), "%s", err);
	for (char *p = inner; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	}
	return cases_errf(err, CASES_EINVAL, "line %lld: %s", (long long)line,
			  inner);
}

/* ---- JSON lines ---- */

/*
 * One line is one JSON object, parsed by jansson: a key given twice is
 * refused (JSON_REJECT_DUPLICATES) and so is \u0000 (without
 * JSON_ALLOW_NUL: no C string can hold it).
 */
#define JSONL_FLAGS JSON_REJECT_DUPLICATES

/* The key jansson stopped at as a duplicate: the JSON string that ends
 * just before byte end of s (len bytes), decoded, quoted into name. */
static void
duplicate_key(const char *s, size_t len, size_t end, char *name, size_t size)
{
	size_t i = end > 0 ? end - 1 : 0, n;
	json_t *k = NULL;

	name[0] = '\0';
	if (end < 2 || end > len || s[i] != '"')
		return;
	/* Back to the opening quote: the first one not escaped (preceded
	 * by an even run of backslashes), since a string holds no bare
	 * quote. */
	while (i-- > 0) {
		if (s[i] != '"')
			continue;
		for (n = 0; n < i && s[i - 1 - n] == '\\'; n++)
			;
		if (n % 2 == 0)
			break;
	}
	if (s[i] == '"')
		k = json_loadb(s + i, end - i, JSON_DECODE_ANY, NULL);
	if (json_is_string(k))
		import_quote_name(json_string_value(k), json_string_length(k),
				  name, size);
	json_decref(k);
}

/* jansson's error on line s (len bytes) as our message. */
static int
json_bad(const char *s, size_t len, const json_error_t *e, char *err)
{
	char name[80];

	switch (json_error_code(e)) {
	case json_error_out_of_memory:
		return nomem(err);
	case json_error_duplicate_key:
		duplicate_key(s, len, (size_t)e->position, name, sizeof(name));
		return cases_errf(err, CASES_EINVAL, "duplicate field '%s'",
				  name);
	case json_error_null_character:
	case json_error_null_byte_in_key:
		return cases_errf(err, CASES_EINVAL,
				  "a string holds \\u0000 (a NUL character)");
	default:
		if (e->column > 0)
			return cases_errf(err, CASES_EINVAL,
					  "malformed JSON at column %d: %s",
					  e->column, e->text);
		return cases_errf(err, CASES_EINVAL, "malformed JSON: %s",
				  e->text);
	}
}

/* The members of obj as a record's text values; borrowed from obj. */
static int
json_rec(json_t *obj, struct rec *r, char *err)
{
	const char *key;
	json_t *v;
	char name[80];

	memset(r, 0, sizeof(*r));
	json_object_foreach(obj, key, v)
	{
		int f = field_find(key, strlen(key));
		if (f < 0) {
			import_quote_name(key, strlen(key), name, sizeof(name));
			return cases_errf(
				err, CASES_EINVAL,
				"unknown field '%s' (expected: " FIELD_LIST ")",
				name);
		}
		r->seen[f] = 1;
		if (json_is_null(v))
			continue;
		if (f == F_NUMBER && json_is_integer(v)) {
			snprintf(r->number, sizeof(r->number), "%lld",
				 (long long)json_integer_value(v));
			r->v[f] = r->number;
			r->len[f] = strlen(r->number);
			continue;
		}
		if (!json_is_string(v))
			return cases_errf(err, CASES_EINVAL,
					  "field '%s' must be a string or "
					  "null",
					  field_names[f]);
		r->v[f] = json_string_value(v);
		r->len[f] = json_string_length(v);
	}
	return CASES_OK;
}

static int
import_jsonl(struct importer *im, char *err)
{
	struct lines l = { .f = im->req->in, .cap = IMPORT_RECORD_MAX + 1 };
	struct import_case ic;
	struct rec r;
	json_error_t e;
	json_t *obj;
	size_t len;
	char *s;
	int rc = CASES_OK, got;

	l.buf = malloc(l.cap);
	if (!l.buf)
		return nomem(err);
	while ((got = lines_next(&l, &s, &len)) == 1) {
		size_t i = 0;
		while (i < len && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i == len)
			continue;
		if (s[i] != '{') {
			rc = cases_errf(err, CASES_EINVAL,
					"expected a JSON object");
			break;
		}
		/* JSON text holds no NUL byte: said so, rather than
		 * whatever the parser makes of it. */
		if (memchr(s, '\0', len)) {
			rc = cases_errf(err, CASES_EINVAL,
					"a NUL byte (JSON text cannot hold "
					"one)");
			break;
		}
		obj = json_loadb(s, len, JSONL_FLAGS, &e);
		if (!obj) {
			rc = json_bad(s, len, &e, err);
			break;
		}
		rc = json_rec(obj, &r, err);
		if (rc == CASES_OK)
			rc = parse_rec(&r, &ic, err);
		/* The case is copied out (by the batch) before obj goes. */
		if (rc == CASES_OK)
			rc = import_insert(im, &ic, l.line, err);
		json_decref(obj);
		if (rc)
			break;
	}
	if (rc == CASES_OK && got == 0)
		rc = store_batch_flush(im->batch, &im->failed, err);
	if (rc)
		rc = at_line(im->failed >= 0 ? im->failed : l.line, rc, err);
	else if (got == -1)
		rc = cases_errf(err, CASES_EINVAL,
				"line %lld: longer than %d bytes",
				(long long)l.line + 1, IMPORT_RECORD_MAX);
	else if (got == -2)
		rc = cases_errf(err, CASES_EIO, "reading input: %s",
				strerror(l.ioerr));
	free(l.buf);
	return rc;
}

/* ---- CSV ---- */

static int
import_csv(struct importer *im, char *err)
{
	struct csv_reader *r = csv_new(im->req->in, IMPORT_RECORD_MAX);
	const char *const *fields;
	const size_t *lens;
	int col[CSV_MAXFIELDS];
	size_t n, ncols;
	int64_t line;
	struct import_case ic;
	struct rec rec;
	char name[80];
	int rc;

	if (!r)
		return nomem(err);
	rc = csv_next(r, &fields, &lens, &ncols, &line, err);
	if (rc)
		goto out;
	if (ncols == 0) /* an empty input imports nothing */
		goto out;
	memset(&rec, 0, sizeof(rec));
	for (size_t i = 0; i < ncols; i++) {
		col[i] = field_find(fields[i], lens[i]);
		if (col[i] < 0) {
			import_quote_name(fields[i], lens[i], name,
					  sizeof(name));
			rc = cases_errf(err, CASES_EINVAL,
					"line %lld: unknown column '%s' "
					"(expected: " FIELD_LIST ")",
					(long long)line, name);
			goto out;
		}
		if (rec.seen[col[i]]) {
			rc = cases_errf(err, CASES_EINVAL,
					"line %lld: duplicate column '%s'",
					(long long)line, field_names[col[i]]);
			goto out;
		}
		rec.seen[col[i]] = 1;
	}
	for (;;) {
		rc = csv_next(r, &fields, &lens, &n, &line, err);
		if (rc || n == 0)
			break;
		if (n != ncols) {
			rc = cases_errf(err, CASES_EINVAL,
					"%zu fields, expected %zu (as in the "
					"header)",
					n, ncols);
			break;
		}
		memset(&rec, 0, sizeof(rec));
		for (size_t i = 0; i < n; i++) {
			/* CSV has no null: an empty field is absent. */
			if (lens[i] == 0)
				continue;
			rec.v[col[i]] = fields[i];
			rec.len[col[i]] = lens[i];
		}
		rc = parse_rec(&rec, &ic, err);
		if (rc == CASES_OK)
			rc = import_insert(im, &ic, line, err);
		if (rc)
			break;
	}
	if (rc == CASES_OK)
		rc = store_batch_flush(im->batch, &im->failed, err);
	if (rc && (im->failed >= 0 || n > 0))
		rc = at_line(im->failed >= 0 ? im->failed : line, rc, err);
out:
	csv_free(r);
	return rc;
}

int
import_tune(struct store *st, char *err)
{
	return store_tune_bulk(st, IMPORT_CACHE_KIB, err);
}

int
import_run(struct store *st, const struct import_req *req,
	   struct import_stats *stats, char *err)
{
	struct importer im = {
		.st = st, .req = req, .stats = stats, .failed = -1
	};
	int rc;

	calcache_init(&im.cals, st);
	memset(stats, 0, sizeof(*stats));
	switch (req->format) {
	case IMPORT_JSONL:
	case IMPORT_CSV:
		if (req->plan || req->account) {
			rc = cases_errf(err, CASES_EINVAL,
					"--plan and --account are for "
					"--format aws only");
			break;
		}
		rc = store_batch_new(st, &im.batch, err);
		if (rc == CASES_OK)
			rc = req->format == IMPORT_JSONL
				     ? import_jsonl(&im, err)
				     : import_csv(&im, err);
		store_batch_free(im.batch);
		break;
	case IMPORT_AWS:
		rc = import_aws_run(&im, err);
		break;
	default:
		rc = cases_errf(err, CASES_EINVAL, "bad import format");
	}
	importer_release(&im);
	return rc;
}
