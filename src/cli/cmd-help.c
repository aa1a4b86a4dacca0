/*
 * cmd-help.c - `cases help [COMMAND]`.
 */
#include "cli.h"

static int
run_help(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_cmd *cmd;
	int argi, rc;

	rc = cli_parse(ctx, argc, argv, NULL, NULL, NULL, &argi);
	if (rc == CASES_OK)
		rc = cli_operands(ctx, argc, argv, argi, 0, 1, "");
	if (rc)
		return rc;
	if (argi == argc) {
		fputs("usage: cases [--db PATH] COMMAND [OPTIONS] [ARGS]\n\n"
		      "commands:\n",
		      ctx->out);
		for (int i = 0; cli_commands[i]; i++)
			fprintf(ctx->out, "  %-10s %s\n", cli_commands[i]->name,
				cli_commands[i]->summary);
		fputs("\nEvery command takes --at TIME, --format "
		      "table|csv|json|jsonl and --help.\n"
		      "Exit status: 0 success, 1 runtime failure, 2 usage or "
		      "invalid input,\n3 not found. See man cases(1).\n",
		      ctx->out);
		return CASES_OK;
	}
	cmd = cli_find(argv[argi]);
	if (!cmd)
		return cases_errf(ctx->err, CASES_EINVAL,
				  "unknown command '%s' (see 'cases help')",
				  argv[argi]);
	cli_print_help(ctx->out, cmd);
	return CASES_OK;
}

const struct cli_cmd cmd_help = {
	.name = "help",
	.usage = "help [COMMAND]",
	.summary = "list the commands, or explain one",
	.help = "example:\n  cases help open\n",
	.run = run_help,
};
