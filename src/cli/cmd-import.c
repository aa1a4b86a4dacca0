/*
 * cmd-import.c - `cases import`: cases in from JSON lines, CSV or AWS
 * Support's describe-cases JSON, all or nothing (docs/formats.md 8).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cases/import.h"
#include "cli.h"

struct import_args {
	const char *plan;
	const char *account;
	const char *staff_name;
	int history;
};

static const struct option import_opts[] = {
	{ "plan", required_argument, NULL, 'p' },
	{ "account", required_argument, NULL, 'a' },
	{ "staff-name", required_argument, NULL, 's' },
	{ "history", no_argument, NULL, 'H' },
	{ NULL, 0, NULL, 0 },
};

static int
import_opt(struct cli_ctx *ctx, int code, const char *optarg, void *arg)
{
	struct import_args *a = arg;

	switch (code) {
	case 'p':
		a->plan = optarg;
		return CASES_OK;
	case 'a':
		a->account = optarg;
		return CASES_OK;
	case 's':
		a->staff_name = optarg;
		return CASES_OK;
	case 'H':
		a->history = 1;
		return CASES_OK;
	}
	return cli_usage_error(ctx, "unknown option");
}

/*
 * cli_parse() reads --format as an output format; import's --format names
 * an input format (jsonl, csv, aws), so take it out of argv first. Options
 * that take a value are skipped with their value; "--" ends the options.
 */
static int
take_format(struct cli_ctx *ctx, int argc, char **argv, char **rest, int *nrest,
	    const char **fmt)
{
	static const char *const with_value[] = { "--plan", "--account",
						  "--staff-name", "--at",
						  "--db" };
	int n = 0;

	for (int i = 0; i < argc; i++) {
		const char *s = argv[i];
		if (strcmp(s, "--") == 0) {
			while (i < argc)
				rest[n++] = argv[i++];
			break;
		}
		if (strcmp(s, "--format") == 0) {
			if (i + 1 >= argc)
				return cli_usage_error(ctx, "option '--format' "
							    "needs a value");
			*fmt = argv[++i];
			continue;
		}
		if (strncmp(s, "--format=", 9) == 0) {
			*fmt = s + 9;
			continue;
		}
		rest[n++] = argv[i];
		for (size_t k = 0; k < sizeof(with_value) / sizeof(*with_value);
		     k++) {
			if (strcmp(s, with_value[k]) == 0 && i + 1 < argc) {
				rest[n++] = argv[++i];
				break;
			}
		}
	}
	rest[n] = NULL;
	*nrest = n;
	return CASES_OK;
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

static int
run_import(struct cli_ctx *ctx, int argc, char **argv)
{
	struct import_args a = { 0 };
	struct import_req req = { 0 };
	FILE *warnings = NULL;
	struct import_stats stats;
	const char *fmt = NULL, *path;
	char **rest;
	int nrest = 0, argi, rc;

	rest = calloc((size_t)argc + 1, sizeof(*rest));
	if (!rest)
		return cases_errf(ctx->err, CASES_ENOMEM, "out of memory");
	rc = take_format(ctx, argc, argv, rest, &nrest, &fmt);
	if (rc == CASES_OK)
		rc = cli_parse(ctx, nrest, rest, import_opts, import_opt, &a,
			       &argi);
	if (rc == CASES_OK)
		rc = cli_operands(ctx, nrest, rest, argi, 1, 1,
				  "FILE (or - for standard input)");
	if (rc)
		goto out;
	path = rest[argi];
	rc = pick_format(ctx, fmt, path, &req.format);
	if (rc)
		goto out;
	if (req.format == IMPORT_AWS && !a.plan == !a.account) {
		rc = cli_usage_error(ctx, "--format aws needs --plan P or "
					  "--account A (one of them)");
		goto out;
	}
	if (req.format != IMPORT_AWS && (a.plan || a.account)) {
		rc = cli_usage_error(ctx, "--plan and --account are for "
					  "--format aws only");
		goto out;
	}
	if (req.format != IMPORT_AWS && (a.staff_name || a.history)) {
		rc = cli_usage_error(ctx, "%s is for --format aws only",
				     a.staff_name ? "--staff-name"
						  : "--history");
		goto out;
	}
	rc = open_input(ctx, path, &req.in);
	if (rc)
		goto out;
	req.plan = a.plan;
	req.account = a.account;
	req.staff_name = a.staff_name;
	req.history = a.history;
	req.now = ctx->now;
	warnings = tmpfile();
	req.warn = keep_warning;
	req.warn_arg = warnings ? warnings : ctx->errf;
	/* The connection is set up for the import before its write
	 * transaction begins (import_tune). */
	rc = cli_open(ctx);
	if (rc == CASES_OK)
		rc = import_tune(ctx->st, ctx->err);
	if (rc == CASES_OK)
		rc = cli_begin(ctx, 1);
	if (rc == CASES_OK)
		rc = import_run(ctx->st, &req, &stats, ctx->err);
	/* The summary is written (and flushed by cli_end) before the
	 * commit: an import whose summary was lost is not kept, so running
	 * it again cannot store its rows twice. */
	if (rc == CASES_OK && req.format == IMPORT_AWS)
		fprintf(ctx->out,
			"imported %lld new case%s, updated %lld, "
			"unchanged %lld\n",
			(long long)stats.added, stats.added == 1 ? "" : "s",
			(long long)stats.updated, (long long)stats.unchanged);
	else if (rc == CASES_OK)
		fprintf(ctx->out, "imported %lld case%s\n",
			(long long)stats.added, stats.added == 1 ? "" : "s");
	rc = cli_end(ctx, rc);
	if (req.in != stdin)
		fclose(req.in);
	/* Warnings only for an import that was kept. */
	if (rc == CASES_OK && warnings)
		print_warnings(ctx, warnings);
out:
	if (warnings)
		fclose(warnings);
	free(rest);
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
	.help = "jsonl and csv read what 'cases export' writes (the `list`\n"
		"record formats; csv is the default for a FILE ending .csv).\n"
		"Each record becomes a new case that keeps its id and due_at\n"
		"(computed when absent). The import is all or nothing:\n"
		"the first invalid record rejects the whole input, naming\n"
		"its line.\n"
		"\n"
		"aws reads the JSON of 'aws support describe-cases\n"
		"--include-resolved-cases --include-communications\n"
		"--output json': new cases go on plan P (or account A); a\n"
		"case imported before (same caseId, kept as external_id)\n"
		"is updated instead.\n"
		"The first response is the earliest communication of\n"
		"'Amazon Web Services' (AWS's name for its support staff).\n"
		"Warnings (a partial listing, clock skew) go to stderr.\n"
		"\noptions:\n"
		"  --format F         jsonl (default), csv or aws\n"
		"  --plan P           aws: the plan of the new cases\n"
		"  --account A        aws: the account of the new cases\n"
		"  --history          aws: import cases the plan does not\n"
		"                     allow now (from a plan the account\n"
		"                     had before) with the plan's target\n"
		"                     where it has one, else none; each is\n"
		"                     listed on stderr\n"
		"  --staff-name NAME  aws: the submittedBy of the support\n"
		"                     side (default 'Amazon Web Services';\n"
		"                     any case, spaces around ignored)\n"
		"\nexample:\n"
		"  cases export > all.jsonl && cases --db copy.db import "
		"all.jsonl\n",
	.run = run_import,
};
