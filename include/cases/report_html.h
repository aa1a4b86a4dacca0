/*
 * report_html.h - `cases report --format html`: the compliance report as
 * one self-contained HTML page (docs/formats.md section 7) drawn with
 * chart.h: the period, grouping and time made in the reader's zone; the
 * compliance table; met % over time per group, first-response median and
 * p90 per severity beside its target, breaches over time per severity,
 * each with its table; and the breached cases. No script, nothing
 * fetched; printable on A4.
 */
#ifndef CASES_REPORT_HTML_H
#define CASES_REPORT_HTML_H

#include <stdio.h>

#include "cases/error.h"
#include "cases/report.h"
#include "cases/store.h"
#include "cases/tz.h"

struct report_html_req {
	struct report_req req; /* req.at is also the time the page says it
				  was made */
	const struct tz *zone; /* the reader's; NULL: UTC */
	double goal;	       /* the target line, 0 < goal <= 100; NAN or 0:
				  none */
};

/*
 * Write the page to out. The page is whole only when this returns
 * CASES_OK: callers that must not leave half a page write to a buffer or
 * a temporary file. Errors as report_run() and chart.h (CASES_EIO when
 * writing failed).
 */
int report_html_write(FILE *out, struct store *st,
		      const struct report_html_req *h,
		      char *err) CASES_MUST_CHECK;

/*
 * Write the page's compliance section alone, for another page (the live
 * board of `cases serve`): the compliance table (table#compliance) and
 * the compliance-over-time chart (figure with svg and table of
 * "compliance-over-time"), drawn by the same code as the report's page.
 * Nothing before or after it; errors as report_html_write().
 */
int report_html_compliance_write(FILE *out, struct store *st,
				 const struct report_html_req *h,
				 char *err) CASES_MUST_CHECK;

#endif
