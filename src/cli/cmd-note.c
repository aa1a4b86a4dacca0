/*
 * cmd-note.c - `cases note`: add a note to a case's history.
 */
#include "cli.h"

static int
note(struct cli_ctx *ctx, struct case_rec *c, void *args)
{
	return case_note(ctx->st, c, ctx->now, args, ctx->err);
}

static int
exec_note(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	return cli_case_change(ctx, argv[0], note, argv[1]);
}

const struct cli_cmd cmd_note = {
	.name = "note",
	.usage = "note ID TEXT",
	.summary = "add a note to a case",
	.about = "Adds TEXT to the case's history at --at (default now), "
		 "whatever the case's state, resolved included. A note is "
		 "never a response: it changes no deadline and no status. "
		 "`show` lists it with the other events.",
	.example = "cases note 3f2a9c1b \"customer sent logs; looking\"",
	.operands = { 2, 2, "case ID and TEXT" },
	.store = CLI_WRITE,
	.exec = exec_note,
};
