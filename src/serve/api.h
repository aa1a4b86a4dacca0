/*
 * api.h - the AWS Support API (support 2013-04-15) of `cases serve`, on
 * the HTTP layer of httpd.h.
 *
 * The protocol is AWS JSON 1.1 as botocore's model describes it: POST /,
 * X-Amz-Target: AWSSupport_20130415.<Operation>, a JSON body, a JSON
 * answer; errors are HTTP 400, 403 or 500 with {"__type": NAME,
 * "message": TEXT}. Every request is authenticated with Signature
 * Version 4 (sigv4.h; service "support", any region) against a key of
 * keys.h. A read is one transaction on the worker thread's own SQLite
 * connection. A write (CreateCase, AddCommunicationToCase, ResolveCase)
 * goes to the one writer thread, which runs the writes waiting, each in
 * a savepoint of its own, and commits them together (group commit): a
 * write is answered after its commit, and nothing of it is written
 * unless the whole operation succeeds.
 *
 * The operations, and how AWS's words map onto the cases' (the man page,
 * contrib/man/cases.1, says the same to users):
 *   CreateCase              case_open() on the key's account, channel api;
 *                           communicationBody is the customer's first note
 *   DescribeCases           the caller's cases, newest first, paginated
 *   DescribeCommunications  a case's notes and responses, newest first
 *   AddCommunicationToCase  staff key: a response (case_respond_by; the
 *                           first one is the first response); customer:
 *                           a note (reopening a resolved case)
 *   ResolveCase             case_resolve()
 *   DescribeSeverityLevels  the severities the caller's plan allows
 *   DescribeServices        the categories the caller's plan allows
 * caseId is "case-" and the case's UUID; displayId is its number (the
 * cases table's id). severityCode low, normal, high, urgent, critical
 * are general, system-impaired, prod-impaired, prod-down,
 * business-critical. A service is a category: serviceCode "billing" (or
 * "customer-account", or issueType "customer-service") is
 * account-billing, every other category's serviceCode is its name
 * ("technical", "use-case-guidance", ...); each service has one
 * categoryCode, "general".
 */
#ifndef CASES_SERVE_API_H
#define CASES_SERVE_API_H

#include <stdint.h>

#include "cases/error.h"
#include "httpd.h"

#define API_STAFF_NAME "Support" /* default submittedBy of the desk */

struct api_config {
	const char *db_path; /* the database; each worker opens it */
	/* submittedBy of the support side's communications [API_STAFF_NAME] */
	const char *staff_name;
	unsigned rate; /* requests a minute a key may make; 0: no limit */
	/* The clock for SigV4 and for the cases' instants (NULL: time()). */
	int64_t (*now)(void);
};

struct api;

/* A server's shared state (a copy of cfg, the rate counters) and its
 * writer thread with its connection to cfg->db_path (NULL: a private
 * in-memory database). CASES_OK, CASES_ENOMEM, or the store's status
 * when the database cannot be opened. */
int api_new(const struct api_config *cfg, struct api **out,
	    char *err) CASES_MUST_CHECK;
/* Stop the writer (after httpd_stop(): no request may be waiting) and
 * free a. */
void api_free(struct api *a);

/* Fill an httpd_config's handler, thread_init, thread_fini, error and
 * arg so that it serves a. */
void api_httpd_config(struct api *a, struct httpd_config *cfg);

#endif
