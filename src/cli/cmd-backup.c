/*
 * cmd-backup.c - `cases backup`: a consistent copy of the live database.
 */
#include "cases/store.h"
#include "cli.h"

static int
run_backup(struct cli_ctx *ctx, int argc, char **argv)
{
	int argi, rc;

	rc = cli_parse(ctx, argc, argv, NULL, NULL, NULL, &argi);
	if (rc == CASES_OK)
		rc = cli_operands(ctx, argc, argv, argi, 1, 1, "backup FILE");
	if (rc)
		return rc;
	/* VACUUM INTO reads one consistent snapshot in its own transaction,
	 * and writers carry on meanwhile (WAL). */
	rc = cli_open(ctx);
	if (rc == CASES_OK)
		rc = store_backup(ctx->st, argv[argi], ctx->err);
	return rc;
}

const struct cli_cmd cmd_backup = {
	.name = "backup",
	.usage = "backup FILE",
	.summary = "a consistent copy of the database, safe while others write",
	.help = "Writes a compact, self-contained copy of the database (mode "
		"0600) to\nFILE, which must not exist. Other commands may run "
		"meanwhile; the copy\nholds what was committed when it began.\n"
		"\nexample:\n"
		"  cases backup /var/backups/cases-$(date +%F).db\n",
	.run = run_backup,
};
