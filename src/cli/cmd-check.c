/*
 * cmd-check.c - `cases check`: the cron job (docs/check.md).
 *
 * One write transaction records every new breach (and warning) and prints
 * one line per new event as it goes; the output is flushed before the
 * commit, and a failure to write it rolls the run back. After the commit,
 * the hooks. A hook that fails leaves its event pending, to be delivered
 * again by the next run with --exec.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cases/check.h"
#include "cases/store.h"
#include "cases/timefmt.h"
#include "cases/utf8.h"
#include "cli.h"
#include "hook.h"

/* Prints each event as check_run() records it, inside its transaction. */
struct printer {
	struct cli_ctx *ctx;
	struct out *o; /* record formats: made at the first event */
	/* The last "warnings skipped" message, kept to be the run's error:
	 * one line per reason in all, and exit 1. */
	char skipped[CASES_ERRMAX];
};

struct check_args {
	int warn;
	const char *exec;
	int64_t timeout_ms;
	struct hook h;	  /* --exec, when given */
	struct printer p; /* the run's output */
};

enum { O_WARN = OPT_FIRST_CMD, O_EXEC, O_TIMEOUT };

static const struct cli_opt check_opts[] = {
	{ "warn", O_WARN, "PERCENT",
	  "also record a 'warned' event once when PERCENT (1-99) of a case's "
	  "target has elapsed on its clock; a case whose calendar cannot be "
	  "loaded (its time zone is gone) gets none: one line per zone, "
	  "exit 1" },
	{ "exec", O_EXEC, "CMD",
	  "after the commit, run CMD once per new event, without a shell "
	  "(split at spaces), with CASES_ID, CASES_EVENT, CASES_PLAN, "
	  "CASES_SEVERITY, CASES_ACCOUNT, CASES_SUBJECT and CASES_DUE_AT set; "
	  "each event is claimed before its hook starts, so that overlapping "
	  "runs deliver it once; an event whose hook fails is retried by the "
	  "next run" },
	{ "hook-timeout", O_TIMEOUT, "DURATION",
	  "kill a hook's process group when it runs longer than DURATION "
	  "(default 30s; e.g. 500ms, 20s, 2m; measured in milliseconds on the "
	  "monotonic clock); a process the hook starts in a session of its "
	  "own (setsid) is not killed with it" },
	CLI_OPT_END,
};

/* --hook-timeout: milliseconds ("500ms"), or a duration ("30s", "1m30s").
 * At most 100 years, like every duration. */
static int
parse_timeout(struct cli_ctx *ctx, const char *s, int64_t *ms)
{
	const int64_t max = 36525LL * 86400 * 1000;
	char inner[CASES_ERRMAX];
	const char *p = s;
	int64_t v = 0;

	while (*p >= '0' && *p <= '9' && v <= max)
		v = v * 10 + (*p++ - '0');
	if (p > s && strcmp(p, "ms") == 0 && v > 0 && v <= max) {
		*ms = v;
		return CASES_OK;
	}
	if (p > s && strcmp(p, "ms") != 0
	    && timefmt_parse_duration(s, &v, inner) == CASES_OK) {
		*ms = v * 1000;
		return CASES_OK;
	}
	return cases_errf(ctx->err, CASES_EINVAL,
			  "invalid --hook-timeout '%s' (expected a positive "
			  "duration: 500ms, 30s, 2m, 1m30s)",
			  s);
}

static int
check_opt(struct cli_ctx *ctx, int code, const char *optarg, void *args)
{
	struct check_args *a = args;
	char *end;
	long v;

	switch (code) {
	case O_WARN:
		v = strtol(optarg, &end, 10);
		if (*optarg < '0' || *optarg > '9' || *end || v < 1 || v > 99)
			return cases_errf(ctx->err, CASES_EINVAL,
					  "invalid --warn '%s' (expected a "
					  "whole percentage from 1 to 99)",
					  optarg);
		a->warn = (int)v;
		return CASES_OK;
	case O_EXEC:
		a->exec = optarg;
		return CASES_OK;
	case O_TIMEOUT:
		return parse_timeout(ctx, optarg, &a->timeout_ms);
	}
	return cli_usage_error(ctx, "unknown option");
}

static const struct out_col event_cols[] = {
	{ "event", "EVENT", COL_STR, 0 },
	{ "id", "ID", COL_STR, 0 },
	{ "account", "ACCOUNT", COL_STR, 0 },
	{ "plan", "PLAN", COL_STR, 0 },
	{ "severity", "SEVERITY", COL_STR, 0 },
	{ "subject", "SUBJECT", COL_STR, 0 },
	{ "due_at", "DUE", COL_TIME, 0 },
	{ "at", "AT", COL_TIME, 0 },
};

/* Text: event, short id, plan/severity, account, due, by how much, subject;
 * one line each, control characters made visible. */
static void
print_text(struct cli_ctx *ctx, const struct check_event *e)
{
	const struct case_rec *c = &e->c;
	char due[TIMEFMT_MAX], dur[TIMEFMT_MAX];
	int64_t delta = e->at - c->due_at;

	fprintf(ctx->out, "%-8s %.8s %s/%s %s due %s %s %s ", e->kind, c->id,
		c->plan ? c->plan : "?", plan_severity_name(c->severity),
		c->account ? c->account : "-",
		timefmt_local(c->due_at, ctx->local, due),
		delta > 0 ? "overdue" : "in",
		timefmt_duration(delta > 0 ? delta : -delta, dur));
	utf8_fputs_visible(c->subject, ctx->out);
	fputc('\n', ctx->out);
}

static void
print_skipped(void *arg, size_t ncases, const char *why)
{
	struct printer *p = arg;

	if (p->skipped[0])
		fprintf(p->ctx->errf, "cases: %s\n", p->skipped);
	snprintf(p->skipped, sizeof(p->skipped),
		 "no warning for %zu case%s whose calendar cannot be loaded: "
		 "%s",
		 ncases, ncases == 1 ? "" : "s", why);
}

static int
print_event(void *arg, const struct check_event *e)
{
	struct printer *p = arg;
	struct cli_ctx *ctx = p->ctx;

	if (ctx->format == OUT_TABLE) {
		print_text(ctx, e);
	} else {
		if (!p->o)
			p->o = cli_out_new(ctx, event_cols, 8, 0);
		if (!p->o)
			return cli_out_free(ctx, NULL);
		out_str(p->o, e->kind);
		out_str(p->o, e->c.id);
		out_str(p->o, e->c.account);
		out_str(p->o, e->c.plan);
		out_str(p->o, plan_severity_name(e->c.severity));
		out_str(p->o, e->c.subject);
		out_time(p->o, e->c.due_at);
		out_time(p->o, e->at);
		out_row_end(p->o);
	}
	/* Output that cannot be written stops the run: it is rolled back. */
	return ferror(ctx->out) ? cli_flush(ctx) : CASES_OK;
}

/* Finish the output of a run; on failure (rc != CASES_OK) only free it. */
static int
printer_end(struct printer *p, int rc)
{
	if (!p->o)
		return rc;
	if (rc) {
		out_free(p->o);
		return rc;
	}
	return cli_out_free(p->ctx, p->o);
}

/* The real clock in milliseconds since the epoch: claims are read by
 * other processes, and outlive a reboot. */
static int64_t
real_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/*
 * How long a claim holds: the hook timeout, plus the same again (at least
 * 1 s, at most 10 s, the busy timeout) for starting the hook, killing it
 * and waiting for the write lock to mark it delivered.
 */
static int64_t
claim_ms(const struct hook *h)
{
	int64_t margin = h->timeout_ms;

	if (margin < 1000)
		margin = 1000;
	if (margin > 10000)
		margin = 10000;
	return h->timeout_ms + margin;
}

/* Claim e; run its hook if this run got it; mark it delivered, or give
 * the claim back when the hook failed. *ran: whether the hook ran, *ok:
 * whether it succeeded. */
static int
deliver_one(struct cli_ctx *ctx, const struct hook *h, const char *token,
	    const struct check_event *e, int *ran, int *ok)
{
	char why[CASES_ERRMAX];
	int64_t now = real_ms();
	int claimed = 0, rc;

	*ran = *ok = 0;
	rc = cli_begin(ctx, 1);
	if (rc == CASES_OK)
		rc = check_claim(ctx->st, e->event_id, token, now,
				 now + claim_ms(h), &claimed, ctx->err);
	rc = cli_end(ctx, rc);
	if (rc || !claimed)
		return rc; /* delivered, or another run delivers it now */
	*ran = 1;
	*ok = hook_run(h, e, why) == CASES_OK;
	if (!*ok)
		fprintf(ctx->errf,
			"cases: hook for %s %s failed: %s; it will be retried "
			"on the next run\n",
			e->kind, e->c.id, why);
	rc = cli_begin(ctx, 1);
	if (rc == CASES_OK && *ok)
		rc = check_delivered(ctx->st, e->event_id, ctx->err);
	else if (rc == CASES_OK)
		rc = check_unclaim(ctx->st, e->event_id, token, ctx->err);
	return cli_end(ctx, rc);
}

/* Run the hook for every event awaiting delivery (this run's and those
 * earlier runs left) that no other run has claimed, oldest first, a batch
 * at a time. */
static int
deliver(struct cli_ctx *ctx, const struct hook *h)
{
	struct check_list l = { 0 };
	char token[CHECK_TOKEN_LEN];
	int64_t after = 0;
	size_t failed = 0, tried = 0;
	int rc;

	check_claim_token(token);
	for (;;) {
		rc = cli_begin(ctx, 0);
		if (rc == CASES_OK)
			rc = check_pending(ctx->st, after, real_ms(),
					   HOOK_BATCH, &l, ctx->err);
		rc = cli_end(ctx, rc);
		if (rc || l.n == 0)
			break;
		for (size_t i = 0; rc == CASES_OK && i < l.n; i++) {
			int ran, ok;
			after = l.ev[i].event_id;
			rc = deliver_one(ctx, h, token, &l.ev[i], &ran, &ok);
			tried += ran;
			failed += ran && !ok;
		}
		check_list_release(&l);
		if (rc)
			break;
	}
	check_list_release(&l);
	if (rc == CASES_OK && failed)
		rc = cases_errf(ctx->err, CASES_EIO, "%zu of %zu hooks failed",
				failed, tried);
	return rc;
}

static int
check_prepare(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct check_args *a = args;

	if (a->exec)
		return hook_init(&a->h, a->exec, a->timeout_ms, ctx->err);
	return CASES_OK;
}

/* Each event is printed as it is recorded, and the runner flushes the
 * output before the commit: a breach is never recorded without having
 * been printed (it may be printed again if the commit fails). */
static int
exec_check(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct check_args *a = args;
	struct check_sink sink = { print_event, print_skipped, &a->p };
	int rc;

	a->p.ctx = ctx;
	rc = check_run(ctx->st, ctx->now, a->warn, a->exec != NULL, &sink,
		       ctx->err);
	return printer_end(&a->p, rc);
}

/* After the commit: the hooks, then the warnings that were skipped. */
static int
check_after(struct cli_ctx *ctx, void *args, int rc)
{
	struct check_args *a = args;

	if (rc == CASES_OK && a->exec)
		rc = deliver(ctx, &a->h);
	/* Everything else was recorded (and delivered): now say which
	 * warnings could not be, and exit 1. */
	if (a->p.skipped[0] && rc == CASES_OK)
		rc = cases_errf(ctx->err, CASES_EIO, "%s", a->p.skipped);
	else if (a->p.skipped[0])
		fprintf(ctx->errf, "cases: %s\n", a->p.skipped);
	hook_release(&a->h);
	return rc;
}

static const struct check_args check_init = { .timeout_ms = 30000 };

const struct cli_cmd cmd_check = {
	.name = "check",
	.usage =
		"check [--warn PERCENT] [--exec CMD] [--hook-timeout DURATION]",
	.summary = "the cron job: record each new breach (and warning) once",
	.about = "Records a 'breached' event for every unanswered case overdue "
		 "at --at that has none, in one transaction, and prints one "
		 "line per new event (nothing when there is none). The lines "
		 "are written and flushed before the commit: a run that cannot "
		 "print them records nothing (exit 1), and the next run prints "
		 "them. Run it every minute; it catches up after downtime, and "
		 "concurrent runs record and print each breach once.",
	.notes = "Exit status 0 when it ran (whatever it found); 1 when a hook "
		 "failed, a warning had to be skipped, the output could not be "
		 "written or the database could not be used.",
	.example = "# a crontab line:\n"
		   "* * * * * cases check --warn 80 --exec "
		   "/usr/local/bin/page-oncall",
	.opts = check_opts,
	.store = CLI_WRITE,
	.args_size = sizeof(struct check_args),
	.args_init = &check_init,
	.opt = check_opt,
	.prepare = check_prepare,
	.exec = exec_check,
	.after = check_after,
};
