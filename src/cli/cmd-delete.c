/*
 * cmd-delete.c - `cases delete`: remove a case opened by mistake,
 * leaving a line in the deletion log.
 *
 * On a terminal it asks first, without holding the database: the case
 * is read in one transaction, the question asked, and the case deleted in
 * a second one, where a case deleted meanwhile by someone else is "not
 * found" (exit 3).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cases/store.h"
#include "cases/timefmt.h"
#include "cases/utf8.h"
#include "cli.h"

struct delete_args {
	int yes;
};

enum { O_YES = OPT_FIRST_CMD };

static const struct cli_opt delete_opts[] = {
	{ "yes", O_YES, NULL,
	  "do not ask (required when standard input\nis not a terminal)" },
	CLI_OPT_END,
};

static int
delete_opt(struct cli_ctx *ctx, int code, const char *value, void *args)
{
	(void)ctx;
	(void)code;
	(void)value;
	((struct delete_args *)args)->yes = 1;
	return CASES_OK;
}

static int
prepare_delete(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct delete_args *a = args;

	(void)argc;
	(void)argv;
	if (!a->yes && !isatty(STDIN_FILENO))
		return cli_usage_error(ctx,
				       "refusing to delete case %.64s "
				       "without --yes (standard input is "
				       "not a terminal to ask on)",
				       argv[0]);
	/* A CLI_STORE command: the runner leaves this to it. */
	return cli_not_future(ctx);
}

/* Ask on the terminal: 1 for yes, 0 for anything else. */
static int
confirm(struct cli_ctx *ctx, const struct case_rec *c)
{
	char answer[64], t[TIMEFMT_MAX];

	fprintf(ctx->errf, "delete case #%lld \"", (long long)c->rowid);
	utf8_fputs_visible(c->subject, ctx->errf);
	fprintf(ctx->errf, "\" (opened %s)? It cannot be undone. [y/N] ",
		timefmt_local_sec(c->opened_at, ctx->local, t));
	fflush(ctx->errf);
	if (!fgets(answer, sizeof(answer), stdin))
		return 0;
	answer[strcspn(answer, "\r\n")] = '\0';
	return strcmp(answer, "y") == 0 || strcmp(answer, "Y") == 0
	       || strcmp(answer, "yes") == 0 || strcmp(answer, "YES") == 0;
}

static int
deleted_one(void *arg, const struct deleted_rec *d)
{
	struct cli_ctx *ctx = arg;
	struct out *o;

	if (ctx->format == OUT_TABLE) {
		fprintf(ctx->out, "deleted case #%lld \"",
			(long long)d->number);
		utf8_fputs_visible(d->subject, ctx->out);
		fputs("\"\n", ctx->out);
		return cli_flush(ctx);
	}
	o = deleted_out_new(ctx, 1);
	if (o)
		deleted_out_row(o, d);
	return cli_out_free(ctx, o);
}

static int
exec_delete(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct delete_args *a = args;
	struct case_rec c;
	char id[CASE_ID_LEN];
	int rc, count = 0;

	(void)argc;
	case_rec_init(&c);
	if (!a->yes) {
		rc = cli_begin(ctx, 0);
		if (rc == CASES_OK)
			rc = cli_end(ctx,
				     case_get(ctx->st, argv[0], &c, ctx->err));
		if (rc)
			return rc;
		/* By number from here on: a case deleted meanwhile is then
		 * said to be (numbers are never given again). */
		snprintf(id, sizeof(id), "%lld", (long long)c.rowid);
		rc = confirm(ctx, &c);
		case_rec_release(&c);
		if (!rc) {
			fprintf(ctx->errf, "case %s not deleted\n", argv[0]);
			return CLI_DONE;
		}
		argv[0] = id;
	}
	rc = cli_begin(ctx, 1);
	if (rc)
		return rc;
	rc = case_get(ctx->st, argv[0], &c, ctx->err);
	if (rc == CASES_OK)
		rc = case_delete(ctx->st, &c, ctx->now, ctx->err);
	if (rc == CASES_OK)
		rc = store_deleted_get(ctx->st, c.rowid, deleted_one, ctx,
				       &count, ctx->err);
	case_rec_release(&c);
	return cli_end(ctx, rc);
}

const struct cli_cmd cmd_delete = {
	.name = "delete",
	.usage = "delete ID [--yes]",
	.summary = "delete a case opened by mistake",
	.about = "Removes the case and its history, and writes a line in the "
		 "deletion log: when (--at, default now), by whom (--as, else "
		 "$CASES_AGENT, else the login name), and what the case was "
		 "(number, id, account, subject, its times). `cases deleted` "
		 "lists the log; the number is never given to another case. "
		 "On a terminal it asks first; otherwise --yes is required. "
		 "To end a case that was real, resolve it instead.",
	.example = "cases delete 42\ncases delete 42 --yes",
	.opts = delete_opts,
	.operands = { 1, 1, "case ID" },
	.store = CLI_STORE,
	.args_size = sizeof(struct delete_args),
	.opt = delete_opt,
	.prepare = prepare_delete,
	.exec = exec_delete,
};
