/*
 * cmd-help.c - `cases help [COMMAND]`.
 */
#include "cli.h"

static int
exec_help(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	const struct cli_cmd *cmd;

	if (argc == 0) {
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
	cmd = cli_find(argv[0]);
	if (!cmd)
		return cli_unknown_command(argv[0], ctx->err);
	cli_print_help(ctx->out, cmd);
	return CASES_OK;
}

const struct cli_cmd cmd_help = {
	.name = "help",
	.usage = "help [COMMAND]",
	.summary = "list the commands, or explain one",
	.example = "cases help open",
	.operands = { 0, 1, "" },
	.store = CLI_NO_STORE,
	.exec = exec_help,
};
