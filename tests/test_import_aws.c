/*
 * test_import_aws.c - `import --format aws` (import_aws.c): the JSON of
 * `aws support describe-cases` into a fresh in-memory store per test: the
 * mapping, updates on a second import, the streaming reader (keys in any
 * order, values across its buffer, line and column of errors, limits,
 * memory) and the errors.
 */
#define _GNU_SOURCE /* fopencookie */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cases/import.h"
#include "cases/case.h"
#include "cases/error.h"
#include "cases/store.h"
#include "cases/timefmt.h"

static struct store *st;
static char err[CASES_ERRMAX];

static void
setup(void)
{
	cr_assert_eq(store_open(NULL, &st, err), CASES_OK, "%s", err);
	cr_assert_eq(store_begin(st, 1, err), CASES_OK, "%s", err);
}

static void
teardown(void)
{
	store_rollback(st);
	store_close(st);
	st = NULL;
}

static int64_t
T(const char *s)
{
	int64_t t;

	cr_assert_eq(timefmt_parse_instant(s, NULL, &t, NULL), CASES_OK, "%s",
		     s);
	return t;
}

/* As the CLI does: commit a good import, roll a failed one back. */
static int
settle(int rc)
{
	char e2[CASES_ERRMAX];

	if (rc == CASES_OK)
		cr_assert_eq(store_commit(st, e2), CASES_OK, "%s", e2);
	else
		store_rollback(st);
	cr_assert_eq(store_begin(st, 1, e2), CASES_OK, "%s", e2);
	return rc;
}

static int
import_req(struct import_req *req, const char *text, size_t len,
	   struct import_stats *stats)
{
	struct import_stats dummy;
	int rc;

	req->format = IMPORT_AWS;
	if (!req->now)
		req->now = T("2026-11-26T12:00:00Z");
	req->in = fmemopen((void *)text, len, "r");
	cr_assert_not_null(req->in);
	rc = import_run(st, req, stats ? stats : &dummy, err);
	fclose(req->in);
	return settle(rc);
}

static int
import_aws(const char *plan, const char *text, struct import_stats *stats)
{
	struct import_req req = { .plan = plan };

	return import_req(&req, text, strlen(text), stats);
}

static int
count_cb(void *arg, const struct case_rec *c)
{
	(void)c;
	(*(int64_t *)arg)++;
	return 0;
}

static int64_t
count_cases(void)
{
	struct case_filter f = CASE_FILTER_INIT;
	int64_t n = 0;

	f.status = -1;
	cr_assert_eq(store_case_export(st, &f, INT64_MIN, INT64_MAX, count_cb,
				       &n, err),
		     CASES_OK, "%s", err);
	return n;
}

/* The case with this external id, its strings dropped. */
static struct case_rec
by_ext(const char *ext)
{
	struct case_rec c, r;

	cr_assert_eq(store_case_by_external(st, ext, &c, err), CASES_OK,
		     "%s: %s", ext, err);
	r = c;
	r.subject = NULL;
	r.external_id = NULL;
	case_rec_release(&c);
	return r;
}

/*
 * The documents below are JSON spelled as concatenated literals, laid out
 * as the JSON they build; clang-format would split them mid-string.
 */
/* clang-format off */
#define AWS_CASE(id, status, sev, service, comms)                          \
	"{\"caseId\":\"" id "\",\"displayId\":\"1\",\"subject\":\"S " id    \
	"\",\"status\":\"" status "\",\"serviceCode\":\"" service "\","     \
	"\"severityCode\":\"" sev "\",\"submittedBy\":\"me@example.com\","  \
	"\"timeCreated\":\"2026-11-20T09:00:00.900Z\","                     \
	"\"recentCommunications\":{\"communications\":[" comms "]}}"
/* The same, listing only the most recent communications (there are more:
 * a nextToken). */
#define AWS_CASE_MORE(id, status, sev, service, comms)                     \
	"{\"caseId\":\"" id "\",\"displayId\":\"1\",\"subject\":\"S " id    \
	"\",\"status\":\"" status "\",\"serviceCode\":\"" service "\","     \
	"\"severityCode\":\"" sev "\",\"submittedBy\":\"me@example.com\","  \
	"\"timeCreated\":\"2026-11-20T09:00:00.900Z\","                     \
	"\"recentCommunications\":{\"communications\":[" comms "],"       \
	"\"nextToken\":\"AAMA-more\"}}"
#define COMM(who, when)                                                    \
	"{\"submittedBy\":\"" who "\",\"timeCreated\":\"" when "\","        \
	"\"body\":\"...\"}"

Test(import_aws, maps_and_updates, .init = setup, .fini = teardown)
{
	struct import_stats s;
	struct case_rec a, b;

	cr_assert_eq(
		import_aws("business",
			   "{\"cases\":["
			   AWS_CASE("a", "resolved", "urgent", "ec2",
				    COMM("me@example.com",
					 "2026-11-20T11:00:00Z") ","
				    COMM("Amazon Web Services",
					 "2026-11-20T10:30:00.100Z") ","
				    COMM("Amazon Web Services",
					 "2026-11-20T09:45:00Z") ","
				    COMM("ME@example.com",
					 "2026-11-20T09:10:00Z")) ","
			   AWS_CASE("b", "opened", "high", "billing",
				    COMM("me@example.com",
					 "2026-11-20T09:00:00Z"))
			   "],\"nextToken\":null}",
			   &s),
		CASES_OK, "%s", err);
	cr_assert_eq(s.added, 2);
	cr_assert_eq(count_cases(), 2);
	a = by_ext("a");
	b = by_ext("b");
	cr_assert_eq(a.severity, SEV_PROD_DOWN);
	cr_assert_eq(a.category, CAT_TECHNICAL);
	cr_assert_eq(a.channel, CH_CONSOLE);
	cr_assert_eq(a.opened_at, T("2026-11-20T09:00:00Z"));
	cr_assert_eq(a.first_response_at, T("2026-11-20T09:45:00Z"));
	cr_assert_eq(a.resolved_at, T("2026-11-20T11:00:00Z"));
	/* Billing: account-billing, so general whatever AWS says. */
	cr_assert_eq(b.category, CAT_ACCOUNT_BILLING);
	cr_assert_eq(b.severity, SEV_GENERAL);
	cr_assert_eq(b.first_response_at, CASE_NONE);
	cr_assert_eq(b.resolved_at, CASE_NONE);

	/* Again, with b answered and a reopened: updated, not added. The
	 * listing of a holds only its most recent communications. */
	cr_assert_eq(
		import_aws("business",
			   "{\"cases\":["
			   AWS_CASE_MORE("a", "reopened", "urgent", "ec2",
				    COMM("Amazon Web Services",
					 "2026-11-20T10:30:00Z")) ","
			   AWS_CASE("b", "resolved", "high", "billing",
				    COMM("Amazon Web Services",
					 "2026-11-21T09:00:00Z"))
			   "]}",
			   &s),
		CASES_OK, "%s", err);
	cr_assert_eq(s.added, 0);
	cr_assert_eq(s.updated, 2);
	cr_assert_eq(count_cases(), 2);
	a = by_ext("a");
	b = by_ext("b");
	/* The earlier first response, older than what is listed, is kept. */
	cr_assert_eq(a.first_response_at, T("2026-11-20T09:45:00Z"));
	cr_assert_eq(a.resolved_at, CASE_NONE);
	cr_assert_eq(b.first_response_at, T("2026-11-21T09:00:00Z"));
	cr_assert_eq(b.resolved_at, T("2026-11-21T09:00:00Z"));
}

Test(import_aws, severity_change_keeps_an_answered_deadline, .init = setup,
     .fini = teardown)
{
	struct import_stats s;
	struct case_rec c;

	cr_assert_eq(import_aws("business",
				"{\"cases\":[" AWS_CASE("c", "opened", "urgent",
							"rds", "") "]}",
				&s),
		     CASES_OK, "%s", err);
	cr_assert_eq(by_ext("c").due_at, T("2026-11-20T10:00:00Z"));
	/* Seen later: answered after 90 min and lowered to high. The
	 * response (at its own, earlier time) comes first, so the 1 h
	 * deadline stands: a breach of AWS's target. */
	cr_assert_eq(import_aws("business",
				"{\"cases\":[" AWS_CASE(
					"c", "work-in-progress", "high", "rds",
					COMM("Amazon Web Services",
					     "2026-11-20T10:30:00Z")) "]}",
				&s),
		     CASES_OK, "%s", err);
	c = by_ext("c");
	cr_assert_eq(c.severity, SEV_PROD_IMPAIRED);
	cr_assert_eq(c.due_at, T("2026-11-20T10:00:00Z"));
	cr_assert_eq(c.first_response_at, T("2026-11-20T10:30:00Z"));
	/* Unanswered when lowered: the deadline moves (docs/deadlines.md 5). */
	cr_assert_eq(import_aws("business",
				"{\"cases\":[" AWS_CASE("d", "opened", "urgent",
							"rds", "") "]}",
				&s),
		     CASES_OK, "%s", err);
	cr_assert_eq(import_aws("business",
				"{\"cases\":[" AWS_CASE("d", "opened", "high",
							"rds", "") "]}",
				&s),
		     CASES_OK, "%s", err);
	cr_assert_eq(count_cases(), 2);
	cr_assert_eq(by_ext("d").due_at, T("2026-11-20T13:00:00Z"));
	cr_assert_eq(by_ext("c").due_at, T("2026-11-20T10:00:00Z"));
}

Test(import_aws, errors, .init = setup, .fini = teardown)
{
	struct import_stats s;

	cr_assert_eq(import_aws("business", "{\"cases\":[1]}", &s),
		     CASES_EINVAL);
	cr_assert_str_eq(err, "cases[0]: not an object");
	cr_assert_eq(import_aws("business", "[]", &s), CASES_EINVAL);
	cr_assert(strstr(err, "an object with a \"cases\" array"), "%s", err);
	cr_assert_eq(import_aws("business", "{\"cases\":{}}", &s),
		     CASES_EINVAL);
	cr_assert(strstr(err, "an object with a \"cases\" array"), "%s", err);
	cr_assert_eq(import_aws("business", "{\"nextToken\":null}", &s),
		     CASES_EINVAL);
	cr_assert(strstr(err, "an object with a \"cases\" array"), "%s", err);
	cr_assert_eq(import_aws("business", "", &s), CASES_EINVAL);
	cr_assert(strstr(err, "an object with a \"cases\" array"), "%s", err);
	cr_assert_eq(import_aws("business",
				"{\"cases\":[" AWS_CASE("ok", "opened", "low",
							"s3", "") ","
				AWS_CASE("bad", "opened", "sev9", "s3", "")
				"]}",
				&s),
		     CASES_EINVAL);
	cr_assert_str_eq(err, "cases[1] (bad): unknown severityCode 'sev9' "
			      "(expected one of: low, normal, high, urgent, "
			      "critical)");
	cr_assert_eq(import_aws("business",
				"{\"cases\":[{\"caseId\":\"x\",\"subject\":"
				"\"s\",\"status\":\"opened\",\"serviceCode\":"
				"\"s3\",\"severityCode\":7,\"submittedBy\":"
				"\"a\",\"timeCreated\":"
				"\"2026-11-20T09:00:00Z\"}]}",
				&s),
		     CASES_EINVAL);
	cr_assert_str_eq(err, "cases[0] (x): severityCode must be a string");
	cr_assert_eq(import_aws("business",
				"{\"cases\":[{\"caseId\":\"x\",\"subject\":"
				"\"s\",\"severityCode\":\"low\"}]}",
				&s),
		     CASES_EINVAL);
	cr_assert_str_eq(err, "cases[0] (x): missing timeCreated");
	cr_assert_eq(import_aws("business",
				"{\"cases\":[" AWS_CASE(
					"n", "opened", "low", "s3",
					COMM("Amazon Web Services",
					     "2026-11-20T10:00:00Z") ","
					"{\"timeCreated\":"
					"\"2026-11-20T11:00:00Z\"}") "]}",
				&s),
		     CASES_EINVAL);
	cr_assert_str_eq(err, "cases[0] (n): missing "
			      "communications[1].submittedBy");
	cr_assert_eq(import_aws("gold", "{\"cases\":[]}", &s), CASES_ENOTFOUND);
	cr_assert_eq(count_cases(), 0);
}

/* ---- what real files hold ---- */

/* A case opened 2026-11-20T09:00:00.900Z by me@example.com, as AWS's API
 * describes it: customers sign with their IAM role and address. */
#define ME "AdminRole (Role) <me@example.com>"
#define BOB "DevOpsRole (Role) <bob@example.com>"
#define AWS "Amazon Web Services"

Test(import_aws, first_response_is_the_staffs, .init = setup,
     .fini = teardown)
{
	struct import_stats s;

	cr_assert_eq(
		import_aws("business",
			   "{\"cases\":["
			   /* Newest first, as AWS lists them. */
			   AWS_CASE("a", "opened", "high", "ec2",
				    COMM(ME, "2026-11-20T11:00:00Z") ","
				    COMM(AWS, "2026-11-20T10:30:00.100Z") ","
				    COMM(BOB, "2026-11-20T09:20:00Z") ","
				    COMM(ME, "2026-11-20T09:00:00.900Z")) ","
			   /* The customer's team only: unanswered. */
			   AWS_CASE("b", "opened", "high", "ec2",
				    COMM(BOB, "2026-11-20T09:30:00Z") ","
				    COMM(ME, "2026-11-20T09:00:01Z")) ","
			   /* In no order; the name in any case, spaced. */
			   AWS_CASE("c", "opened", "high", "ec2",
				    COMM(AWS, "2026-11-20T12:00:00Z") ","
				    COMM(ME, "2026-11-20T09:00:00Z") ","
				    COMM("  amazon web SERVICES\\t",
					 "2026-11-20T10:05:00Z") ","
				    COMM(BOB, "2026-11-20T09:10:00Z")) ","
			   /* Not the name: a customer's role may say AWS. */
			   AWS_CASE("d", "opened", "high", "ec2",
				    COMM("Amazon Web Services Support",
					 "2026-11-20T09:10:00Z") ","
				    COMM("AWSAdmin (Role) <a@example.com>",
					 "2026-11-20T09:20:00Z"))
			   "]}",
			   &s),
		CASES_OK, "%s", err);
	cr_assert_eq(s.added, 4);
	cr_assert_eq(by_ext("a").first_response_at, T("2026-11-20T10:30:00Z"));
	cr_assert_eq(by_ext("b").first_response_at, CASE_NONE);
	cr_assert_eq(by_ext("c").first_response_at, T("2026-11-20T10:05:00Z"));
	cr_assert_eq(by_ext("d").first_response_at, CASE_NONE);
}

Test(import_aws, staff_name, .init = setup, .fini = teardown)
{
	struct import_req req = { .plan = "business",
				       .staff_name = " Example Support " };
	static const char doc[] =
		"{\"cases\":[" AWS_CASE(
			"a", "opened", "high", "ec2",
			COMM(AWS, "2026-11-20T09:30:00Z") ","
			COMM("example SUPPORT", "2026-11-20T10:00:00Z") ","
			COMM(ME, "2026-11-20T09:00:00Z")) "]}";

	cr_assert_eq(import_req(&req, doc, strlen(doc), NULL), CASES_OK, "%s",
		     err);
	cr_assert_eq(by_ext("a").first_response_at, T("2026-11-20T10:00:00Z"));
	req.staff_name = " \t";
	cr_assert_eq(import_req(&req, doc, strlen(doc), NULL), CASES_EINVAL);
	cr_assert_str_eq(err, "empty staff name (expected the submittedBy of "
			      "the support side's communications, like "
			      "'Amazon Web Services')");
}

Test(import_aws, bodies_are_not_read, .init = setup, .fini = teardown)
{
	/* The CLI prints a NUL of a body as \u0000; bodies may hold any
	 * JSON at all that is not what we read. */
	static const char doc[] =
		"{\"cases\":[{\"caseId\":\"a\",\"subject\":\"s\",\"status\":"
		"\"opened\",\"serviceCode\":\"s3\",\"severityCode\":\"low\","
		"\"submittedBy\":\"me@example.com\",\"timeCreated\":"
		"\"2026-11-20T09:00:00Z\",\"recentCommunications\":{"
		"\"communications\":[{\"body\":\"dump: \\u0000\\u0001 end\","
		"\"submittedBy\":\"Amazon Web Services\",\"timeCreated\":"
		"\"2026-11-20T09:30:00Z\",\"attachmentSet\":[{\"fileName\":"
		"\"a\\u0000b\"}]}]},\"ccEmailAddresses\":[],\"language\":"
		"\"en\"}]}";

	cr_assert_eq(import_aws("business", doc, NULL), CASES_OK, "%s", err);
	cr_assert_eq(by_ext("a").first_response_at, T("2026-11-20T09:30:00Z"));
	/* A NUL in a field that is read is an error naming it. */
	cr_assert_eq(import_aws("business",
				"{\"cases\":[{\"caseId\":\"b\",\"subject\":"
				"\"x\\u0000y\",\"status\":\"opened\","
				"\"serviceCode\":\"s3\",\"severityCode\":"
				"\"low\",\"submittedBy\":\"me@example.com\","
				"\"timeCreated\":\"2026-11-20T09:00:00Z\"}]}",
				NULL),
		     CASES_EINVAL);
	cr_assert_str_eq(err, "cases[0] (b): subject contains a NUL "
			      "character");
}

Test(import_aws, communications_null_or_absent, .init = setup,
     .fini = teardown)
{
	struct import_stats s;

	cr_assert_eq(import_aws("business",
				"{\"cases\":["
				"{\"caseId\":\"a\",\"subject\":\"s\","
				"\"status\":"
				"\"opened\",\"serviceCode\":\"s3\","
				"\"severityCode\":\"low\",\"submittedBy\":"
				"\"me@example.com\",\"timeCreated\":"
				"\"2026-11-20T09:00:00Z\","
				"\"recentCommunications\":{\"communications\":"
				"null,\"nextToken\":null}},"
				"{\"caseId\":\"b\",\"subject\":\"s\","
				"\"status\":"
				"\"resolved\",\"serviceCode\":\"s3\","
				"\"severityCode\":\"low\",\"submittedBy\":"
				"\"me@example.com\",\"timeCreated\":"
				"\"2026-11-20T09:00:00Z\","
				"\"recentCommunications\":null},"
				"{\"caseId\":\"c\",\"subject\":\"s\","
				"\"status\":"
				"\"opened\",\"serviceCode\":\"s3\","
				"\"severityCode\":\"low\",\"submittedBy\":"
				"\"me@example.com\",\"timeCreated\":"
				"\"2026-11-20T09:00:00Z\","
				"\"recentCommunications\":{}}]}",
				&s),
		     CASES_OK, "%s", err);
	cr_assert_eq(s.added, 3);
	cr_assert_eq(by_ext("a").first_response_at, CASE_NONE);
	/* Resolved with no communication: at its opening. */
	cr_assert_eq(by_ext("b").resolved_at, T("2026-11-20T09:00:00Z"));
	cr_assert_eq(import_aws("business",
				"{\"cases\":[" AWS_CASE("d", "opened", "low",
							"s3", "null") "]}",
				&s),
		     CASES_EINVAL);
	cr_assert_str_eq(err, "cases[0] (d): communications[0] is not an "
			      "object");
}

/* A case's events as "kind@time" words, and its notes. */
struct history {
	char kinds[512];
	char notes[1024];
};

static int
history_cb(void *arg, const struct event_rec *e)
{
	struct history *h = arg;
	char t[TIMEFMT_MAX];
	size_t n = strlen(h->kinds);

	snprintf(h->kinds + n, sizeof(h->kinds) - n, "%s%s@%s",
		 n ? " " : "", e->kind, timefmt_rfc3339(e->at, t));
	if (strcmp(e->kind, "note") == 0) {
		n = strlen(h->notes);
		snprintf(h->notes + n, sizeof(h->notes) - n, "%s\n",
			 e->detail);
	}
	return 0;
}

static struct history
history(const char *ext)
{
	struct history h = { { 0 }, { 0 } };
	struct case_rec c;

	cr_assert_eq(store_case_by_external(st, ext, &c, err), CASES_OK, "%s",
		     err);
	cr_assert_eq(store_event_each(st, c.rowid, history_cb, &h, err),
		     CASES_OK, "%s", err);
	case_rec_release(&c);
	return h;
}

Test(import_aws, reimport_repairs_the_first_response, .init = setup,
     .fini = teardown)
{
	/* The old rule counted the customer's messages: import as it did,
	 * the customer's name taken for the staff's. */
	struct import_req old_rule = { .plan = "business",
					    .staff_name = ME,
					    .now = T("2026-11-21T00:00:00Z") };
	static const char first[] =
		"{\"cases\":["
		AWS_CASE("r1", "opened", "high", "ec2",
			 COMM(ME, "2026-11-20T12:00:00Z") ","
			 COMM(AWS, "2026-11-20T10:00:00Z") ","
			 COMM(ME, "2026-11-20T09:00:00.900Z")) ","
		AWS_CASE("r2", "opened", "high", "ec2",
			 COMM(ME, "2026-11-20T09:30:00Z")) ","
		AWS_CASE("r3", "opened", "high", "ec2",
			 COMM(AWS, "2026-11-20T11:00:00Z") ","
			 COMM(ME, "2026-11-20T09:10:00Z"))
		"]}";
	struct import_stats s;
	struct history h;

	cr_assert_eq(import_req(&old_rule, first, strlen(first), &s),
		     CASES_OK, "%s", err);
	cr_assert_eq(by_ext("r1").first_response_at, T("2026-11-20T09:00:00Z"));
	cr_assert_eq(by_ext("r2").first_response_at, T("2026-11-20T09:30:00Z"));
	/* And the rule of today, on cases it got right. */
	cr_assert_eq(import_aws("business",
				"{\"cases\":["
				AWS_CASE("r4", "opened", "high", "ec2",
					 COMM(AWS, "2026-11-20T10:00:00Z")) ","
				AWS_CASE("r5", "opened", "high", "ec2",
					 COMM(AWS, "2026-11-20T12:00:00Z"))
				"]}",
				&s),
		     CASES_OK, "%s", err);

	cr_assert_eq(
		import_aws("business",
			   "{\"cases\":["
			   /* AWS answered at 10:00. */
			   AWS_CASE("r1", "opened", "high", "ec2",
				    COMM(ME, "2026-11-20T12:00:00Z") ","
				    COMM(AWS, "2026-11-20T10:00:00Z") ","
				    COMM(ME, "2026-11-20T09:00:00.900Z")) ","
			   /* AWS never answered. */
			   AWS_CASE("r2", "opened", "high", "ec2",
				    COMM(ME, "2026-11-20T09:30:00Z")) ","
			   /* Only the most recent are listed, all after the
			    * stored response: nothing to say of it. */
			   AWS_CASE_MORE("r3", "opened", "high", "ec2",
					 COMM(ME, "2026-11-20T13:00:00Z") ","
					 COMM(AWS, "2026-11-20T12:00:00Z")) ","
			   AWS_CASE("r4", "opened", "high", "ec2",
				    COMM(AWS, "2026-11-20T10:00:00Z")) ","
			   /* An earlier response than stored. */
			   AWS_CASE("r5", "opened", "high", "ec2",
				    COMM(AWS, "2026-11-20T12:00:00Z") ","
				    COMM(AWS, "2026-11-20T10:00:00Z"))
			   "]}",
			   &s),
		CASES_OK, "%s", err);
	cr_assert_eq(s.added, 0);
	cr_assert_eq(s.updated, 3);
	cr_assert_eq(s.unchanged, 2);

	cr_assert_eq(by_ext("r1").first_response_at, T("2026-11-20T10:00:00Z"));
	h = history("r1");
	cr_assert_str_eq(h.kinds, "opened@2026-11-20T09:00:00Z "
				  "responded@2026-11-20T10:00:00Z "
				  "note@2026-11-26T12:00:00Z");
	cr_assert_str_eq(h.notes,
			 "first response corrected by an import: was "
			 "2026-11-20T09:00:00Z, now 2026-11-20T10:00:00Z (the "
			 "earliest message of 'Amazon Web Services')\n");

	cr_assert_eq(by_ext("r2").first_response_at, CASE_NONE);
	h = history("r2");
	cr_assert_str_eq(h.kinds, "opened@2026-11-20T09:00:00Z "
				  "note@2026-11-26T12:00:00Z");
	cr_assert_str_eq(h.notes,
			 "first response corrected by an import: was "
			 "2026-11-20T09:30:00Z, now none (no message of "
			 "'Amazon Web Services')\n");

	cr_assert_eq(by_ext("r3").first_response_at, T("2026-11-20T09:10:00Z"));
	cr_assert_str_eq(history("r3").notes, "");
	cr_assert_eq(by_ext("r4").first_response_at, T("2026-11-20T10:00:00Z"));
	cr_assert_str_eq(history("r4").kinds, "opened@2026-11-20T09:00:00Z "
					      "responded@2026-11-20T10:00:00Z");

	/* The responded event moves with the first response. */
	cr_assert_eq(by_ext("r5").first_response_at, T("2026-11-20T10:00:00Z"));
	cr_assert_str_eq(history("r5").kinds,
			 "opened@2026-11-20T09:00:00Z "
			 "responded@2026-11-20T10:00:00Z "
			 "note@2026-11-26T12:00:00Z");

	/* Once right, it stays so: nothing to do the next time. */
	cr_assert_eq(import_aws("business",
				"{\"cases\":["
				AWS_CASE("r1", "opened", "high", "ec2",
					 COMM(AWS, "2026-11-20T10:00:00Z")) ","
				AWS_CASE("r2", "opened", "high", "ec2", "")
				"]}",
				&s),
		     CASES_OK, "%s", err);
	cr_assert_eq(s.unchanged, 2);
}

/* Warnings passed on, one per line. */
static char warned[8192];

static void
warn_cb(void *arg, const char *msg)
{
	(void)arg;
	cr_assert_null(strchr(msg, '\n'));
	strncat(warned, msg, sizeof(warned) - strlen(warned) - 2);
	strcat(warned, "\n");
}

static int
import_warned(const char *plan, const char *text,
	      struct import_stats *stats)
{
	struct import_req req = { .plan = plan, .warn = warn_cb };

	warned[0] = '\0';
	return import_req(&req, text, strlen(text), stats);
}

/* A case opened at 09:00:00.900 (so 09:00:00) with these
 * communications. */
#define SKEWED(id, status, comms)                                          \
	"{\"cases\":[" AWS_CASE(id, status, "high", "ec2", comms) "]}"

Test(import_aws, clock_skew, .init = setup, .fini = teardown)
{
	/* A few milliseconds before the opening, which dropping the
	 * fractions makes a second: taken as the opening, and said. */
	cr_assert_eq(import_warned("business",
				   SKEWED("a", "opened",
					  COMM(AWS,
					       "2026-11-20T08:59:59.990Z")),
				   NULL),
		     CASES_OK, "%s", err);
	cr_assert_eq(by_ext("a").first_response_at, T("2026-11-20T09:00:00Z"));
	cr_assert_str_eq(warned,
			 "cases[0] (a): first response 2026-11-20T08:59:59Z is "
			 "1 s before timeCreated 2026-11-20T09:00:00Z: taken "
			 "as at the opening (clock skew)\n");
	/* Up to 60 s. */
	cr_assert_eq(import_warned("business",
				   SKEWED("b", "opened",
					  COMM(AWS, "2026-11-20T08:59:00Z")),
				   NULL),
		     CASES_OK, "%s", err);
	cr_assert_eq(by_ext("b").first_response_at, T("2026-11-20T09:00:00Z"));
	/* A resolution at the latest communication, the customer's first,
	 * stamped before the opening. */
	cr_assert_eq(import_warned("business",
				   SKEWED("c", "resolved",
					  COMM(ME, "2026-11-20T08:59:59.999Z")),
				   NULL),
		     CASES_OK, "%s", err);
	cr_assert_eq(by_ext("c").resolved_at, T("2026-11-20T09:00:00Z"));
	cr_assert(strstr(warned, "resolution (latest communication) "
				 "2026-11-20T08:59:59Z is 1 s before"),
		  "%s", warned);
	/* Not the customer's own early messages of an open case: they are
	 * not used. */
	cr_assert_eq(import_warned("business",
				   SKEWED("d", "opened",
					  COMM(ME, "2026-11-20T08:00:00Z")),
				   NULL),
		     CASES_OK, "%s", err);
	cr_assert_str_eq(warned, "");
	/* Farther than that: an error naming the case. */
	cr_assert_eq(import_warned("business",
				   SKEWED("e", "opened",
					  COMM(AWS, "2026-11-20T08:58:59Z")),
				   NULL),
		     CASES_EINVAL);
	cr_assert_str_eq(err, "cases[0] (e): first response "
			      "2026-11-20T08:58:59Z is 61 s before "
			      "timeCreated 2026-11-20T09:00:00Z (more than the "
			      "60 s allowed for clock skew)");
	/* And on a second import of a known case. */
	cr_assert_eq(import_warned("business",
				   SKEWED("d", "opened",
					  COMM(AWS, "2026-11-20T08:59:30Z")),
				   NULL),
		     CASES_OK, "%s", err);
	cr_assert_eq(by_ext("d").first_response_at, T("2026-11-20T09:00:00Z"));
}

Test(import_aws, partial_listings, .init = setup, .fini = teardown)
{
	struct import_stats s;

	/* --no-paginate: the API's nextToken. */
	cr_assert_eq(import_warned("business",
				   "{\"cases\":[" AWS_CASE("a", "opened", "low",
							   "s3", "")
				   "],\"nextToken\":\"p1\\u0001\"}",
				   &s),
		     CASES_OK, "%s", err);
	cr_assert_eq(s.added, 1);
	cr_assert_str_eq(warned,
			 "a partial listing: the input ends with nextToken "
			 "'p1?' (from --no-paginate); 'aws support "
			 "describe-cases' without --no-paginate pages through "
			 "every case by itself\n");
	/* --max-items: the CLI's NextToken, before the cases. */
	cr_assert_eq(import_warned("business",
				   "{\"NextToken\":\"eyJuZXh0VG9rZW4iOiAicDEifQ"
				   "==\",\"cases\":[" AWS_CASE("b", "opened",
								"low", "s3",
								"") "]}",
				   &s),
		     CASES_OK, "%s", err);
	cr_assert_eq(s.added, 1);
	cr_assert_str_eq(warned,
			 "a partial listing: the input ends with NextToken "
			 "'eyJuZXh0VG9rZW4iOiAicDEifQ==' (from --max-items); "
			 "'aws support describe-cases' without --max-items "
			 "pages through every case by itself (or give "
			 "--starting-token 'eyJuZXh0VG9rZW4iOiAicDEifQ==' for "
			 "the rest)\n");
	/* The last page: nothing to say. */
	cr_assert_eq(import_warned("business",
				   "{\"cases\":[],\"nextToken\":null}", &s),
		     CASES_OK, "%s", err);
	cr_assert_str_eq(warned, "");
	/* A failed import has its error, not the warning. */
	cr_assert_eq(import_warned("business",
				   "{\"nextToken\":\"p1\",\"cases\":[1]}", &s),
		     CASES_EINVAL);
	cr_assert_str_eq(warned, "");
}

Test(import_aws, history_of_a_bigger_plan, .init = setup, .fini = teardown)
{
	struct import_req req = { .plan = "business", .warn = warn_cb };
	static const char doc[] =
		"{\"cases\":["
		AWS_CASE("crit", "resolved", "critical", "ec2",
			 COMM(AWS, "2026-11-20T09:10:00Z")) ","
		AWS_CASE("low", "opened", "low", "ec2", "") "]}";
	struct import_stats s;
	struct case_rec c;

	/* An account that left Enterprise has critical cases in its
	 * history: refused by default, naming the way in. */
	cr_assert_eq(import_aws("business", doc, &s), CASES_EINVAL);
	cr_assert_str_eq(err, "cases[0] (crit): plan 'business' does not "
			      "allow severity 'business-critical' (allowed: "
			      "general, system-impaired, prod-impaired, "
			      "prod-down); --history imports such cases "
			      "anyway");
	cr_assert_eq(count_cases(), 0);
	/* --history: in, without a target (the plan has none for it),
	 * and listed. */
	req.history = 1;
	warned[0] = '\0';
	cr_assert_eq(import_req(&req, doc, strlen(doc), &s), CASES_OK, "%s",
		     err);
	cr_assert_eq(s.added, 2);
	c = by_ext("crit");
	cr_assert_eq(c.severity, SEV_BUSINESS_CRITICAL);
	cr_assert_eq(c.target_s, CASE_NONE);
	cr_assert_eq(c.due_at, CASE_NONE);
	cr_assert_eq(c.first_response_at, T("2026-11-20T09:10:00Z"));
	cr_assert_eq(by_ext("low").due_at, T("2026-11-21T09:00:00Z"));
	cr_assert_str_eq(warned,
			 "cases[0] (crit): plan 'business' does not allow "
			 "severity 'business-critical' (allowed: general, "
			 "system-impaired, prod-impaired, prod-down): imported "
			 "anyway (--history), without a target\n");

	/* A known case raised to a severity the plan does not allow. */
	static const char raised[] =
		"{\"cases\":[" AWS_CASE("low", "opened", "critical", "ec2",
					"") "]}";
	cr_assert_eq(import_aws("business", raised, &s), CASES_EINVAL);
	cr_assert(strstr(err, "cases[0] (low): plan 'business' does not "
			      "allow severity 'business-critical'"),
		  "%s", err);
	warned[0] = '\0';
	cr_assert_eq(import_req(&req, raised, strlen(raised), &s), CASES_OK,
		     "%s", err);
	cr_assert_eq(s.updated, 1);
	c = by_ext("low");
	cr_assert_eq(c.severity, SEV_BUSINESS_CRITICAL);
	cr_assert_eq(c.due_at, CASE_NONE);
	cr_assert(strstr(warned, "imported anyway (--history), without a "
				 "target"),
		  "%s", warned);
}

Test(import_aws, history_on_basic, .init = setup, .fini = teardown)
{
	struct import_req req = { .plan = "basic",
				       .history = 1,
				       .warn = warn_cb };
	static const char doc[] =
		"{\"cases\":["
		AWS_CASE("bill", "opened", "high", "billing", "") ","
		AWS_CASE("tech", "opened", "low", "ec2", "") "]}";
	struct import_stats s;

	/* Basic takes account-billing cases, without a target; a
	 * technical case from an earlier plan goes in as history. */
	warned[0] = '\0';
	cr_assert_eq(import_req(&req, doc, strlen(doc), &s), CASES_OK, "%s",
		     err);
	cr_assert_eq(s.added, 2);
	cr_assert_eq(by_ext("bill").category, CAT_ACCOUNT_BILLING);
	cr_assert_eq(by_ext("tech").category, CAT_TECHNICAL);
	cr_assert_eq(by_ext("tech").due_at, CASE_NONE);
	cr_assert_str_eq(warned,
			 "cases[1] (tech): plan 'basic' does not allow "
			 "severity 'general' (allowed: none; it takes "
			 "account-billing cases only, as general): imported "
			 "anyway (--history), without a target\n");
}

/* ---- the streaming reader ---- */

Test(import_aws, keys_in_any_order_and_spacing, .init = setup,
     .fini = teardown)
{
	struct import_stats s;

	cr_assert_eq(import_aws("business",
				"\r\n\t {\"nextToken\" : null ,\"other\":"
				"{\"cases\":[1,2]},\n\"cases\"\n:\n[\n"
				AWS_CASE("a", "opened", "low", "s3", "")
				"\n, " AWS_CASE("b", "opened", "low", "s3", "")
				"\n] , \"x\": [true, false, 1.5e3, \"]}\"]"
				"}\n\n",
				&s),
		     CASES_OK, "%s", err);
	cr_assert_eq(s.added, 2);
	cr_assert_eq(import_aws("business", "{}", &s), CASES_EINVAL);
	cr_assert(strstr(err, "an object with a \"cases\" array"), "%s", err);
	cr_assert_eq(import_aws("business", "{\"cases\":[]}", &s), CASES_OK,
		     "%s", err);
	cr_assert_eq(s.added, 0);
}

/* err is "malformed JSON at line L, column C: ..." after prefix. */
static void
expect_at(const char *prefix, int line, int col)
{
	char want[160];

	snprintf(want, sizeof(want), "%smalformed JSON at line %d, column %d: ",
		 prefix, line, col);
	cr_assert(strncmp(err, want, strlen(want)) == 0, "%s (want %s)", err,
		  want);
}

Test(import_aws, malformed_json_names_line_and_column, .init = setup,
     .fini = teardown)
{
	struct import_stats s;

	/* In a case: jansson's place, offset to the whole file. */
	cr_assert_eq(import_aws("business",
				"{\n  \"cases\": [\n"
				"    " AWS_CASE("a", "opened", "low", "s3", "")
				",\n    {\"caseId\": \"b\",, }\n  ]\n}\n",
				&s),
		     CASES_EINVAL);
	expect_at("cases[1]: ", 4, 20);
	/* The top level, walked by us. */
	cr_assert_eq(import_aws("business", "{\n \"cases\": [] \"x\": 1}", &s),
		     CASES_EINVAL);
	expect_at("", 2, 14);
	cr_assert_eq(import_aws("business", "{\"cases\":[],}", &s),
		     CASES_EINVAL);
	expect_at("", 1, 13);
	cr_assert_eq(import_aws("business", "{\"cases\":[]} {}", &s),
		     CASES_EINVAL);
	expect_at("", 1, 14);
	cr_assert_eq(import_aws("business", "{\"cases\":[", &s), CASES_EINVAL);
	expect_at("cases[0]: ", 1, 11);
	cr_assert_eq(import_aws("business", "{\"cases\":[]", &s),
		     CASES_EINVAL);
	expect_at("", 1, 12);
	/* Columns count characters, as jansson does. */
	cr_assert_eq(import_aws("business", "{\"é\": 1, \"cases\": [] x}", &s),
		     CASES_EINVAL);
	expect_at("", 1, 22);
	cr_assert_eq(import_aws("business", "{\"cases\":[], \"cases\":[]}", &s),
		     CASES_EINVAL);
	cr_assert(strstr(err, "\"cases\" given twice"), "%s", err);
	cr_assert_eq(count_cases(), 0);
}
/* clang-format on */

/* A document of n cases, one per line after the first, each with a body
 * of about body_len bytes of 'é' (two bytes each, so that the reading
 * buffer ends inside characters). Case i's id is "c<i>". */
static char *
many_cases(int n, size_t body_len, size_t *len)
{
	size_t cap = (size_t)n * (body_len + 600) + 64, used = 0;
	char *s = malloc(cap), *body = malloc(body_len + 1);

	cr_assert_not_null(s);
	cr_assert_not_null(body);
	for (size_t i = 0; i + 1 < body_len; i += 2)
		memcpy(body + i, "\xc3\xa9", 2);
	body[body_len & ~(size_t)1] = '\0';
	used += (size_t)snprintf(s, cap, "{\"cases\": [\n");
	for (int i = 0; i < n; i++) {
		used += (size_t)snprintf(
			s + used, cap - used,
			"%s{\"caseId\":\"c%d\",\"subject\":\"S\",\"status\":"
			"\"resolved\",\"serviceCode\":\"s3\",\"severityCode\":"
			"\"%s\",\"submittedBy\":\"me@example.com\","
			"\"timeCreated\":\"2026-11-20T09:00:00Z\","
			"\"recentCommunications\":{\"communications\":["
			"{\"body\":\"%s%d\",\"submittedBy\":"
			"\"Amazon Web Services\",\"timeCreated\":"
			"\"2026-11-20T09:%02d:%02dZ\"}]}}\n",
			i ? "," : "", i, i % 2 ? "low" : "high",
			body + (i % 7) * 2, i, 1 + i % 58, i % 60);
		cr_assert_lt(used, cap);
	}
	used += (size_t)snprintf(s + used, cap - used, "]}\n");
	free(body);
	*len = used;
	return s;
}

Test(import_aws, values_across_the_buffer, .init = setup, .fini = teardown)
{
	struct import_req req = { .plan = "business" };
	struct import_stats s;
	size_t len;
	char *doc = many_cases(3000, 301, &len);
	char *at;

	/* About 2 MB: the reading buffer is refilled many times. */
	cr_assert_gt(len, 1000000);
	cr_assert_eq(import_req(&req, doc, len, &s), CASES_OK, "%s", err);
	cr_assert_eq(s.added, 3000);
	cr_assert_eq(by_ext("c5").first_response_at, T("2026-11-20T09:06:05Z"));
	/* Break case 2500 (line 2502): the place is right that far in. */
	at = strstr(doc, "{\"caseId\":\"c2500\"");
	cr_assert_not_null(at);
	memcpy(at + 1, "\x01", 1);
	cr_assert_eq(import_req(&req, doc, len, &s), CASES_EINVAL);
	expect_at("cases[2500]: ", 2502, 3);
	free(doc);
}

Test(import_aws, long_values, .init = setup, .fini = teardown)
{
	struct import_req req = { .plan = "business" };
	size_t len;
	char *doc = many_cases(2, 3 * 1024 * 1024, &len);

	/* A case longer than the first buffer grows it. */
	cr_assert_eq(import_req(&req, doc, len, NULL), CASES_OK, "%s", err);
	cr_assert_eq(count_cases(), 2);
	free(doc);
	/* Longer than any real case: refused, not read whole. */
	doc = many_cases(1, 17 * 1024 * 1024, &len);
	cr_assert_eq(import_req(&req, doc, len, NULL), CASES_EINVAL);
	cr_assert_str_eq(err, "cases[0]: a JSON value from line 2 is longer "
			      "than 16 MiB");
	free(doc);
}

Test(import_aws, larger_than_the_limit, .init = setup, .fini = teardown)
{
	struct import_stats s;
	struct import_req req = { .format = IMPORT_AWS, .plan = "business" };
	char path[] = "/tmp/test_import_aws.XXXXXX";
	int fd = mkstemp(path);

	/* A regular file is refused before it is read (a sparse one
	 * here). */
	cr_assert_geq(fd, 0);
	cr_assert_eq(ftruncate(fd, IMPORT_AWS_MAX + 1), 0);
	req.in = fdopen(fd, "r");
	cr_assert_not_null(req.in);
	cr_assert_eq(import_run(st, &req, &s, err), CASES_EINVAL);
	fclose(req.in);
	unlink(path);
	cr_assert_str_eq(err,
			 "input larger than 256 MiB: split it by time, "
			 "running 'aws support describe-cases' once per "
			 "period with --after-time and --before-time (e.g. "
			 "--after-time 2026-01-01T00:00:00Z --before-time "
			 "2026-04-01T00:00:00Z)");
}

/* An endless stream: a describe-cases document that never ends, its
 * "cases" array followed by spaces. */
static ssize_t
endless_read(void *cookie, char *buf, size_t size)
{
	static const char head[] = "{\"cases\": [";
	size_t *off = cookie, n = 0;

	for (; n < size && *off < sizeof(head) - 1; n++)
		buf[n] = head[(*off)++];
	memset(buf + n, ' ', size - n);
	*off += size - n;
	return (ssize_t)size;
}

Test(import_aws, larger_than_the_limit_when_streamed, .init = setup,
     .fini = teardown)
{
	cookie_io_functions_t io = { .read = endless_read };
	struct import_stats s;
	struct import_req req = { .format = IMPORT_AWS, .plan = "business" };
	size_t off = 0;

	/* A pipe cannot be measured first: it is refused once it goes
	 * past the limit. */
	req.in = fopencookie(&off, "r", io);
	cr_assert_not_null(req.in);
	cr_assert_eq(import_run(st, &req, &s, err), CASES_EINVAL);
	fclose(req.in);
	cr_assert(strncmp(err, "input larger than 256 MiB: split it", 35) == 0,
		  "%s", err);
	cr_assert_leq(off, (size_t)IMPORT_AWS_MAX + 1024 * 1024);
}

/* jansson's allocations: live bytes now and at most. */
static size_t live, peak;

static void *
count_malloc(size_t n)
{
	size_t *p = malloc(n + sizeof(size_t) * 2);

	if (!p)
		return NULL;
	*p = n;
	live += n;
	if (live > peak)
		peak = live;
	return p + 2;
}

static void
count_free(void *q)
{
	size_t *p = q;

	if (!p)
		return;
	live -= p[-2];
	free(p - 2);
}

Test(import_aws, memory_is_one_case, .init = setup, .fini = teardown)
{
	struct import_req req = { .plan = "business" };
	size_t len, small;
	char *doc;

	/* The decoded JSON held at any time does not grow with the
	 * number of cases: one case at a time. */
	json_set_alloc_funcs(count_malloc, count_free);
	doc = many_cases(100, 2000, &len);
	cr_assert_eq(import_req(&req, doc, len, NULL), CASES_OK, "%s", err);
	free(doc);
	small = peak;
	cr_assert_gt(small, 2000);
	cr_assert_eq(live, 0);
	teardown();
	setup();
	peak = 0;
	doc = many_cases(2000, 2000, &len);
	cr_assert_eq(import_req(&req, doc, len, NULL), CASES_OK, "%s", err);
	free(doc);
	cr_assert_eq(count_cases(), 2000);
	cr_assert_leq(peak, small + 64, "peak %zu for 2000 cases, %zu for 100",
		      peak, small);
	cr_assert_eq(live, 0);
}
