/*
 * cmd-restore.c - `cases restore`: put a backup back in place of the live
 * database, atomically.
 */
#include "cases/store.h"
#include "cli.h"

static int
exec_restore(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	/* No transaction of ours: the restore is one write transaction of
	 * SQLite's backup, which takes the write lock itself. */
	return store_restore(ctx->st, argv[0], ctx->err);
}

const struct cli_cmd cmd_restore = {
	.name = "restore",
	.usage = "restore FILE",
	.summary = "replace the database with a backup, atomically",
	.about = "Checks FILE (a file from 'cases backup': SQLite's integrity "
		 "check, the cases schema, a schema version not newer than "
		 "this program's), then replaces the whole database with it in "
		 "one transaction, while other commands may run: each sees the "
		 "old database or the new one, never a mixture. A backup from "
		 "an older version of cases is migrated. On any error the "
		 "database is left as it was.\n\n"
		 "Do not copy files over the database instead: recent changes "
		 "live in its -wal file, which a copy leaves behind (or mixes "
		 "with the new file).",
	.example = "cases restore /var/backups/cases-2026-11-26.db",
	.operands = { 1, 1, "backup FILE" },
	.store = CLI_STORE,
	.exec = exec_restore,
};
