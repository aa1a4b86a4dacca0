/*
 * cmd-backup.c - `cases backup`: a consistent copy of the live database.
 */
#include "cases/store.h"
#include "cli.h"

static int
exec_backup(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	/* VACUUM INTO reads one consistent snapshot in its own transaction,
	 * and writers carry on meanwhile (WAL). */
	return store_backup(ctx->st, argv[0], ctx->err);
}

const struct cli_cmd cmd_backup = {
	.name = "backup",
	.usage = "backup FILE",
	.summary = "a consistent copy of the database, safe while others write",
	.about = "Writes a compact, self-contained copy of the database (mode "
		 "0600) to FILE, which must not exist. Other commands may run "
		 "meanwhile; the copy holds what was committed when it began.",
	.example = "cases backup /var/backups/cases-$(date +%F).db",
	.operands = { 1, 1, "backup FILE" },
	.store = CLI_STORE,
	.exec = exec_backup,
};
