/*
 * common.c - what every command shares: option parsing with --at,
 * --format, --db and --help; opening the store; filters; case output.
 */
#include <assert.h>
#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cases/store.h"
#include "cases/suggest.h"
#include "cases/timefmt.h"
#include "cli.h"
#include "dbpath.h"

int
cli_usage_error(struct cli_ctx *ctx, const char *fmt, ...)
{
	char msg[CASES_ERRMAX - 64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return cases_errf(ctx->err, CASES_EINVAL, "%s (see 'cases %s --help')",
			  msg, ctx->cmd->name);
}

/* ---- help: generated from the declarations ---- */

/* The common options, taken by every command. */
static const struct cli_opt common_opts[] = {
	{ "at", OPT_AT, "TIME",
	  "act as of TIME (now, -2h, 2h ago, 10:00, 2026-11-23, "
	  "2026-11-23 10:00 in $TZ, RFC 3339; default now), a change at "
	  "most 5m ahead; a read at an earlier TIME shows the cases as "
	  "they were then (later facts undone)" },
	{ "format", OPT_FORMAT, "F", "table (default), csv, json or jsonl" },
	{ "db", OPT_DB, "PATH",
	  "database (default $CASES_DB, else\n$XDG_DATA_HOME/cases/cases.db)" },
	{ "as", OPT_AS, "NAME",
	  "who is acting, recorded with each change (default "
	  "$CASES_AGENT, else your login name)" },
	{ "help", OPT_HELP, NULL, "this help" },
	CLI_OPT_END,
};

#define HELP_COL   21 /* where the text of an option starts */
#define HELP_WIDTH 74 /* the longest line of help */

/* Display columns of n bytes of UTF-8 (help text has no wide
 * characters). */
static int
text_cols(const char *s, size_t n)
{
	int w = 0;

	for (size_t i = 0; i < n; i++)
		w += ((unsigned char)s[i] & 0xc0) != 0x80;
	return w;
}

/*
 * Write s to f, wrapped at HELP_WIDTH columns at its spaces; the first line
 * goes on from column col, the others start at column indent. "\n" in s
 * breaks the line ("\n\n" leaves an empty one). Ends the last line.
 */
static void
help_wrap(FILE *f, const char *s, int indent, int col)
{
	int fresh = 1; /* no word on this line yet */

	while (*s) {
		size_t n;
		int w;

		if (*s == '\n') {
			fputc('\n', f);
			col = 0;
			fresh = 1;
			s++;
			continue;
		}
		if (*s == ' ') {
			s++;
			continue;
		}
		n = strcspn(s, " \n");
		w = text_cols(s, n);
		if (!fresh && col + 1 + w > HELP_WIDTH) {
			fputc('\n', f);
			col = 0;
			fresh = 1;
		}
		if (!fresh) {
			fputc(' ', f);
			col++;
		} else if (col < indent) {
			fprintf(f, "%*s", indent - col, "");
			col = indent;
		}
		fwrite(s, 1, n, f);
		col += w;
		fresh = 0;
		s += n;
	}
	fputc('\n', f);
}

/* "  --name ARG        text": the text at HELP_COL, or on the next line
 * when the name and its value reach it. */
static void
help_opt(FILE *f, const struct cli_opt *o)
{
	int n = fprintf(f, "  --%s%s%s", o->name, o->arg ? " " : "",
			o->arg ? o->arg : "");

	if (n > HELP_COL - 2) {
		fputc('\n', f);
		n = 0;
	}
	fprintf(f, "%*s", HELP_COL - n, "");
	help_wrap(f, o->help, HELP_COL, HELP_COL);
}

/* The command's own option named name, or NULL. */
static const struct cli_opt *
own_opt(const struct cli_cmd *cmd, const char *name)
{
	for (const struct cli_opt *o = cmd->opts; o && o->name; o++) {
		if (strcmp(o->name, name) == 0)
			return o;
	}
	return NULL;
}

static void
help_example(FILE *f, const char *s)
{
	fputs("\nexample:\n", f);
	while (*s) {
		size_t n = strcspn(s, "\n");
		fprintf(f, "  %.*s\n", (int)n, s);
		s += n + (s[n] == '\n');
	}
}

void
cli_print_help(FILE *f, const struct cli_cmd *cmd)
{
	int any = 0;

	fprintf(f, "usage: cases %s\n\n%s\n", cmd->usage, cmd->summary);
	if (cmd->about) {
		fputc('\n', f);
		help_wrap(f, cmd->about, 0, 0);
	}
	for (const struct cli_opt *o = cmd->opts; o && o->name; o++) {
		if (!o->help)
			continue;
		if (!any++)
			fputs("\noptions:\n", f);
		help_opt(f, o);
	}
	if (cmd->notes) {
		fputc('\n', f);
		help_wrap(f, cmd->notes, 0, 0);
	}
	if (cmd->example)
		help_example(f, cmd->example);
	fputs("\ncommon options:\n", f);
	for (const struct cli_opt *o = common_opts; o->name; o++) {
		if (!own_opt(cmd, o->name))
			help_opt(f, o);
	}
}

/* ---- times ---- */

int
cli_time(struct cli_ctx *ctx, const char *s, int64_t *out)
{
	return timefmt_parse_when(s, ctx->local, ctx->now, out, ctx->err);
}

/* ---- parsing ---- */

#define MAX_OPTS 40

/* "unknown option '--staus'", with the nearest of the command's options. */
static int
unknown_option(struct cli_ctx *ctx, const char *arg, const struct option *all)
{
	char word[SUGGEST_MAX];
	const char *p = arg, *near;
	struct suggest sg;
	size_t n;

	while (*p == '-')
		p++;
	n = strcspn(p, "=");
	if (p == arg || n == 0 || n >= sizeof(word))
		return cli_usage_error(ctx, "unknown option '%s'", arg);
	memcpy(word, p, n);
	word[n] = '\0';
	suggest_init(&sg, word);
	for (; all->name; all++)
		suggest_add(&sg, all->name);
	if (!(near = suggest_best(&sg)))
		return cli_usage_error(ctx, "unknown option '%s'", arg);
	return cli_usage_error(ctx, "unknown option '%s': did you mean '--%s'?",
			       arg, near);
}

/* Parse argv with the long options all: the common ones here, the others
 * by fn(ctx, code, optarg, arg). *argi: the index of the first operand.
 * See cli_run(). */
static int
parse_with(struct cli_ctx *ctx, int argc, char **argv, const struct option *all,
	   int (*fn)(struct cli_ctx *, int, const char *, void *), void *arg,
	   int *argi)
{
	const char *at = NULL;
	int c, rc;

	optind = 0; /* GNU: full reinitialisation */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", all, NULL)) != -1) {
		switch (c) {
		case OPT_AT:
			at = optarg;
			break;
		case OPT_FORMAT:
			rc = out_format_parse(optarg, &ctx->format, ctx->err);
			if (rc)
				return rc;
			ctx->format_set = 1;
			break;
		case OPT_DB:
			ctx->db_path = optarg;
			break;
		case OPT_AS:
			rc = case_name_check(optarg, "author name", ctx->err);
			if (rc)
				return rc;
			ctx->author = optarg;
			break;
		case OPT_HELP:
			cli_print_help(ctx->out, ctx->cmd);
			return CLI_DONE;
		case ':':
			return cli_usage_error(ctx, "option '%s' needs a value",
					       argv[optind - 1]);
		case '?':
			return unknown_option(ctx, argv[optind - 1], all);
		default:
			if (!fn)
				return cli_usage_error(ctx, "unknown option");
			rc = fn(ctx, c, optarg, arg);
			if (rc)
				return rc;
		}
	}
	if (ctx->warning) {
		fprintf(ctx->errf, "cases: warning: %s\n", ctx->warning);
		ctx->warning = NULL;
	}
	/* $CASES_NOW is "now", which --at's relative forms count from. --at
	 * overrides a bad one, and then counts from the clock. */
	if (ctx->now_env && *ctx->now_env) {
		char inner[CASES_ERRMAX];

		rc = timefmt_parse_when(ctx->now_env, ctx->local, ctx->now,
					&ctx->now, inner);
		if (rc && !at)
			return cases_errf(ctx->err, rc, "$CASES_NOW: %s",
					  inner);
	}
	ctx->real_now = ctx->now;
	if (at) {
		rc = cli_time(ctx, at, &ctx->now);
		if (rc)
			return rc;
	}
	*argi = optind;
	return CASES_OK;
}

static struct option
long_option(const struct cli_opt *o)
{
	/* A code getopt_long returns for itself would be misread. */
	assert(o->code > 0 && o->code != '?' && o->code != ':');
	return (struct option){ o->name,
				o->arg ? required_argument : no_argument, NULL,
				o->code };
}

/* The getopt_long table of cmd: the common options it does not replace,
 * then its own. */
static void
cmd_options(const struct cli_cmd *cmd, struct option *all)
{
	int n = 0;

	for (const struct cli_opt *o = common_opts; o->name; o++) {
		if (!own_opt(cmd, o->name))
			all[n++] = long_option(o);
	}
	for (const struct cli_opt *o = cmd->opts; o && o->name; o++) {
		assert(n < MAX_OPTS);
		all[n++] = long_option(o);
	}
	memset(&all[n], 0, sizeof(all[n]));
}

/* Fail unless argc - argi operands are from min to max (max -1: no
 * limit); what names them in the message. */
static int
cli_operands(struct cli_ctx *ctx, int argc, char **argv, int argi, int min,
	     int max, const char *what)
{
	int n = argc - argi;

	if (n < min)
		return cli_usage_error(ctx, "missing %s", what);
	if (max >= 0 && n > max)
		return cli_usage_error(ctx, "unexpected argument '%s'",
				       argv[argi + max]);
	return CASES_OK;
}

const char *
cli_author(struct cli_ctx *ctx)
{
	const char *env = getenv("CASES_AGENT");
	const struct passwd *pw;
	char inner[CASES_ERRMAX];

	if (ctx->author)
		return ctx->author;
	/* A $CASES_AGENT that is no name is ignored, like an unset one. */
	if (env && case_name_check(env, "author name", inner) == CASES_OK)
		return ctx->author = env;
	pw = getpwuid(geteuid());
	if (pw && pw->pw_name && *pw->pw_name)
		return ctx->author = pw->pw_name;
	return NULL;
}

/* Open the database (once), without starting a transaction. */
static int
cli_open(struct cli_ctx *ctx)
{
	char *path = NULL;
	const char *p = ctx->db_path;
	int rc;

	if (ctx->st)
		return CASES_OK;
	if (!p) {
		path = cli_default_db_path(ctx->err);
		if (!path)
			return CASES_EINVAL;
		p = path;
	}
	rc = store_open(p, &ctx->st, ctx->err);
	free(path);
	if (rc == CASES_OK)
		rc = store_set_author(ctx->st, cli_author(ctx), ctx->err);
	return rc;
}

/* "add, set, show": the names of verbs. */
static void
verb_names(const struct cli_verb *verbs, char *buf, size_t n)
{
	size_t len = 0;

	buf[0] = '\0';
	for (const struct cli_verb *v = verbs; v->name && len < n; v++)
		len += (size_t)snprintf(buf + len, n - len, "%s%s",
					v == verbs ? "" : ", ", v->name);
}

/* The verb named by argv[*argi], past which *argi moves. */
static int
pick_verb(struct cli_ctx *ctx, int argc, char **argv, int *argi,
	  const struct cli_verb **verb)
{
	const struct cli_verb *verbs = ctx->cmd->verbs;
	char names[256];

	verb_names(verbs, names, sizeof(names));
	if (*argi >= argc)
		return cli_usage_error(ctx,
				       "missing action (expected one of: "
				       "%s)",
				       names);
	for (const struct cli_verb *v = verbs; v->name; v++) {
		if (strcmp(v->name, argv[*argi]) == 0) {
			*verb = v;
			(*argi)++;
			return CASES_OK;
		}
	}
	return cli_usage_error(ctx, "unknown action '%s' (expected one of: %s)",
			       argv[*argi], names);
}

int
cli_not_future(struct cli_ctx *ctx)
{
	char at[TIMEFMT_MAX], now[TIMEFMT_MAX];

	if (ctx->now <= ctx->real_now + CLI_FUTURE_SLACK)
		return CASES_OK;
	return cases_errf(ctx->err, CASES_EINVAL,
			  "--at %s is in the future (now is %s): a change is "
			  "recorded when it happens, at most %d minutes ahead",
			  timefmt_local(ctx->now, ctx->local, at),
			  timefmt_local(ctx->real_now, ctx->local, now),
			  CLI_FUTURE_SLACK / 60);
}

int
cli_run(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_cmd *cmd = ctx->cmd;
	/* The steps: the command's, or those of its verb. */
	struct cli_verb steps = { cmd->name, cmd->operands, cmd->store,
				  cmd->prepare, cmd->exec };
	struct option all[MAX_OPTS + 1];
	void *args = NULL;
	int argi = argc, began = 0, rc;

	assert(!cmd->verbs != !cmd->exec);
	assert(!cmd->opts || cmd->opt);
	if (cmd->args_size) {
		args = calloc(1, cmd->args_size);
		if (!args)
			return cases_errf(ctx->err, CASES_ENOMEM,
					  "out of memory");
		if (cmd->args_init)
			memcpy(args, cmd->args_init, cmd->args_size);
	}
	cmd_options(cmd, all);
	rc = parse_with(ctx, argc, argv, all, cmd->opt, args, &argi);
	if (rc == CASES_OK && cmd->verbs) {
		const struct cli_verb *v = NULL;
		rc = pick_verb(ctx, argc, argv, &argi, &v);
		if (v)
			steps = *v;
	}
	assert(rc
	       || (steps.exec && steps.store >= CLI_NO_STORE
		   && steps.store <= CLI_WRITE));
	if (rc == CASES_OK)
		rc = cli_operands(ctx, argc, argv, argi, steps.operands.min,
				  steps.operands.max, steps.operands.what);
	if (rc == CASES_OK && steps.store == CLI_WRITE)
		rc = cli_not_future(ctx);
	if (rc == CASES_OK && steps.prepare)
		rc = steps.prepare(ctx, args, argc - argi, argv + argi);
	if (rc == CASES_OK && steps.store >= CLI_STORE)
		rc = cli_open(ctx);
	if (rc == CASES_OK && steps.store >= CLI_STORE && cmd->opened)
		rc = cmd->opened(ctx, args);
	if (rc == CASES_OK && steps.store >= CLI_READ) {
		rc = cli_begin(ctx, steps.store == CLI_WRITE);
		began = rc == CASES_OK;
	}
	if (rc == CASES_OK)
		rc = steps.exec(ctx, args, argc - argi, argv + argi);
	/* The output is written before the commit (issue 11). */
	if (began)
		rc = cli_end(ctx, rc);
	if (cmd->after)
		rc = cmd->after(ctx, args, rc);
	free(args);
	return rc;
}

int
cli_begin(struct cli_ctx *ctx, int write)
{
	int rc = cli_open(ctx);

	if (rc)
		return rc;
	return store_begin(ctx->st, write, ctx->err);
}

int
cli_end(struct cli_ctx *ctx, int rc)
{
	if (!ctx->st)
		return rc;
	/* Output first: a change whose output was lost is not committed,
	 * so that the user's retry cannot make it twice. */
	if (rc == CASES_OK || rc == CLI_DONE) {
		int frc = cli_flush(ctx);
		if (frc)
			rc = frc;
	}
	if (rc != CASES_OK && rc != CLI_DONE) {
		store_rollback(ctx->st);
		return rc;
	}
	int crc = store_commit(ctx->st, ctx->err);
	return crc ? crc : rc;
}

/* "writing output: REASON", REASON from errno e (EIO when unknown). */
static int
output_error(struct cli_ctx *ctx, int e)
{
	return cases_errf(ctx->err, CASES_EIO, "writing output: %s",
			  strerror(e ? e : EIO));
}

int
cli_flush(struct cli_ctx *ctx)
{
	errno = 0;
	if (fflush(ctx->out) != 0 || ferror(ctx->out))
		return output_error(ctx, errno ? errno : out_write_errno());
	return CASES_OK;
}

struct out *
cli_out_new(struct cli_ctx *ctx, const struct out_col *cols, int ncols,
	    int single)
{
	struct out *o =
		out_new(ctx->out, ctx->format, cols, ncols, single, ctx->local);

	/* Short times ("11:40", "Mon 11:40") and the zone in a heading are
	 * as of the command's now. */
	if (o)
		out_set_now(o, ctx->now);
	return o;
}

int
cli_out_free(struct cli_ctx *ctx, struct out *o)
{
	int rc;

	if (!o)
		return cases_errf(ctx->err, CASES_ENOMEM, "out of memory");
	errno = 0;
	rc = out_free(o);
	if (rc == CASES_EIO)
		return output_error(ctx, errno);
	if (rc)
		return cases_errf(ctx->err, rc, "out of memory");
	return CASES_OK;
}

int
cli_case_change(struct cli_ctx *ctx, const char *id,
		int (*action)(struct cli_ctx *, struct case_rec *, void *),
		void *args)
{
	struct case_rec c;
	int rc;

	case_rec_init(&c);
	rc = case_get(ctx->st, id, &c, ctx->err);
	if (rc == CASES_OK)
		rc = action(ctx, &c, args);
	if (rc == CASES_OK)
		rc = case_out_record(ctx, &c);
	case_rec_release(&c);
	return rc;
}

char *
cli_target_text(int64_t seconds, char *buf)
{
	/* Targets read best in hours (docs/domain.md 2: 24 h, 12 h, 4 h, 1 h,
	 * 15 min). */
	if (seconds >= 3600 && seconds % 3600 == 0) {
		snprintf(buf, TIMEFMT_MAX, "%lldh",
			 (long long)(seconds / 3600));
		return buf;
	}
	return timefmt_duration_spec(seconds, buf);
}
