/*
 * cmd-import.c - `cases import`: cases in from JSON lines, CSV or AWS
 * Support's describe-cases JSON, all or nothing (docs/formats.md 8).
 */
#include <errno.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cases/import.h"
#include "cli.h"

struct import_args {
	const char *format; /* --format as given, or NULL */
	struct import_req req;
	FILE *warnings; /* kept aside until the import is kept, or NULL */
};

enum { O_FORMAT = OPT_FIRST_CMD, O_PLAN, O_ACCOUNT, O_HISTORY, O_STAFF };

/* --format names an input format here: import's own option, in place of
 * the common one. */
static const struct cli_opt import_opts[] = {
	{ "format", O_FORMAT, "F", "jsonl (default), csv or aws" },
	{ "plan", O_PLAN, "P", "aws: the plan of the new cases" },
	{ "account", O_ACCOUNT, "A", "aws: the account of the new cases" },
	{ "history", O_HISTORY, NULL,
	  "aws: import cases the plan does not allow now (from a plan the "
	  "account had before) with the plan's target where it has one, else "
	  "none; each is listed on stderr" },
	{ "staff-name", O_STAFF, "NAME",
	  "aws: the submittedBy of the support side (default 'Amazon Web "
	  "Services'; any case, spaces around ignored)" },
	CLI_OPT_END,
};

static int
import_opt(struct cli_ctx *ctx, int code, const char *value, void *args)
{
	struct import_args *a = args;

	switch (code) {
	case O_FORMAT:
		a->format = value;
		return CASES_OK;
	case O_PLAN:
		a->req.plan = value;
		return CASES_OK;
	case O_ACCOUNT:
		a->req.account = value;
		return CASES_OK;
	case O_STAFF:
		a->req.staff_name = value;
		return CASES_OK;
	case O_HISTORY:
		a->req.history = 1;
		return CASES_OK;
	}
	return cli_usage_error(ctx, "unknown option");
}

static int
pick_format(struct cli_ctx *ctx, const char *fmt, const char *path, int *format)
{
	static const char *const names[] = { "jsonl", "csv", "aws" };
	size_t n = strlen(path);

	if (!fmt) {
		*format = n > 4 && strcasecmp(path + n - 4, ".csv") == 0
				  ? IMPORT_CSV
				  : IMPORT_JSONL;
		return CASES_OK;
	}
	for (int i = 0; i < 3; i++) {
		if (strcmp(fmt, names[i]) == 0) {
			*format = i;
			return CASES_OK;
		}
	}
	return cases_errf(ctx->err, CASES_EINVAL,
			  "unknown import format '%s' (expected one of: "
			  "jsonl, csv, aws)",
			  fmt);
}

static int
open_input(struct cli_ctx *ctx, const char *path, FILE **f)
{
	struct stat sb;

	if (strcmp(path, "-") == 0) {
		*f = stdin;
		return CASES_OK;
	}
	*f = fopen(path, "r");
	if (!*f)
		return cases_errf(ctx->err, CASES_EIO, "cannot read '%s': %s",
				  path, strerror(errno));
	if (fstat(fileno(*f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		fclose(*f);
		*f = NULL;
		return cases_errf(ctx->err, CASES_EIO, "cannot read '%s': %s",
				  path, strerror(EISDIR));
	}
	return CASES_OK;
}

/* Warnings of an import are kept aside and printed only when it
 * succeeded: a failed import says one line, its error. */
static void
keep_warning(void *arg, const char *msg)
{
	fprintf(arg, "cases: warning: %s\n", msg);
}

static void
print_warnings(struct cli_ctx *ctx, FILE *w)
{
	char buf[4096];
	size_t n;

	rewind(w);
	while ((n = fread(buf, 1, sizeof(buf), w)) > 0)
		fwrite(buf, 1, n, ctx->errf);
}

/* What needs no database: the format and the options that go with it,
 * then the input, opened before the database is. */
static int
import_prepare(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct import_args *a = args;
	struct import_req *req = &a->req;
	int rc = pick_format(ctx, a->format, argv[0], &req->format);

	if (rc)
		return rc;
	if (req->format == IMPORT_AWS && !req->plan == !req->account)
		return cli_usage_error(ctx, "--format aws needs --plan P or "
					    "--account A (one of them)");
	if (req->format != IMPORT_AWS && (req->plan || req->account))
		return cli_usage_error(ctx, "--plan and --account are for "
					    "--format aws only");
	if (req->format != IMPORT_AWS && (req->staff_name || req->history))
		return cli_usage_error(ctx, "%s is for --format aws only",
				       req->staff_name ? "--staff-name"
						       : "--history");
	rc = open_input(ctx, argv[0], &req->in);
	if (rc)
		return rc;
	req->now = ctx->now;
	a->warnings = tmpfile();
	req->warn = keep_warning;
	req->warn_arg = a->warnings ? a->warnings : ctx->errf;
	return CASES_OK;
}

/* The connection is set up for the import before its write transaction
 * begins. */
static int
import_opened(struct cli_ctx *ctx, void *args)
{
	return import_tune(ctx->st, ctx->err);
}

static int
exec_import(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct import_req *req = &((struct import_args *)args)->req;
	struct import_stats stats;
	int rc = import_run(ctx->st, req, &stats, ctx->err);

	if (rc)
		return rc;
	/* The summary is written (and flushed by the runner) before the
	 * commit: an import whose summary was lost is not kept, so running
	 * it again cannot store its rows twice. */
	if (req->format == IMPORT_AWS)
		fprintf(ctx->out,
			"imported %lld new case%s, updated %lld, "
			"unchanged %lld\n",
			(long long)stats.added, stats.added == 1 ? "" : "s",
			(long long)stats.updated, (long long)stats.unchanged);
	else
		fprintf(ctx->out, "imported %lld case%s\n",
			(long long)stats.added, stats.added == 1 ? "" : "s");
	return CASES_OK;
}

static int
import_after(struct cli_ctx *ctx, void *args, int rc)
{
	struct import_args *a = args;

	if (a->req.in && a->req.in != stdin)
		fclose(a->req.in);
	/* Warnings only for an import that was kept. */
	if (rc == CASES_OK && a->warnings)
		print_warnings(ctx, a->warnings);
	if (a->warnings)
		fclose(a->warnings);
	return rc;
}

const struct cli_cmd cmd_import = {
	.name = "import",
	.usage = "import [--format jsonl|csv] FILE|-\n"
		 "       cases import --format aws (--plan P | --account A) "
		 "[--history]\n"
		 "              [--staff-name NAME] FILE|-",
	.summary = "cases in from JSON lines, CSV or 'aws support "
		   "describe-cases'",
	.about = "jsonl and csv read what 'cases export' writes (the `list` "
		 "record formats; csv is the default for a FILE ending .csv). "
		 "Each record becomes a new case that keeps its id and due_at "
		 "(computed when absent). The import is all or nothing: the "
		 "first invalid record rejects the whole input, naming its "
		 "line.\n\n"
		 "aws reads the JSON of 'aws support describe-cases "
		 "--include-resolved-cases --include-communications --output "
		 "json': new cases go on plan P (or account A); a case "
		 "imported before (same caseId, kept as external_id) is "
		 "updated instead. The first response is the earliest "
		 "communication of 'Amazon Web Services' (AWS's name for its "
		 "support staff). Warnings (a partial listing, clock skew) go "
		 "to stderr.",
	.example = "cases export > all.jsonl && cases --db copy.db import "
		   "all.jsonl",
	.opts = import_opts,
	.operands = { 1, 1, "FILE (or - for standard input)" },
	.store = CLI_WRITE,
	.args_size = sizeof(struct import_args),
	.opt = import_opt,
	.prepare = import_prepare,
	.opened = import_opened,
	.exec = exec_import,
	.after = import_after,
};
