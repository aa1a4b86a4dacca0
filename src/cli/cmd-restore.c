/*
 * cmd-restore.c - `cases restore`: put a backup back in place of the live
 * database, atomically.
 */
#include "cases/store.h"
#include "cli.h"

static int
run_restore(struct cli_ctx *ctx, int argc, char **argv)
{
	int argi, rc;

	rc = cli_parse(ctx, argc, argv, NULL, NULL, NULL, &argi);
	if (rc == CASES_OK)
		rc = cli_operands(ctx, argc, argv, argi, 1, 1, "backup FILE");
	if (rc)
		return rc;
	/* No transaction of ours: the restore is one write transaction of
	 * SQLite's backup, which takes the write lock itself. */
	rc = cli_open(ctx);
	if (rc == CASES_OK)
		rc = store_restore(ctx->st, argv[argi], ctx->err);
	return rc;
}

const struct cli_cmd cmd_restore = {
	.name = "restore",
	.usage = "restore FILE",
	.summary = "replace the database with a backup, atomically",
	.help = "Checks FILE (a file from 'cases backup': SQLite's integrity "
		"check, the\ncases schema, a schema version not newer than "
		"this program's), then\nreplaces the whole database with it in "
		"one transaction, while other\ncommands may run: each sees the "
		"old database or the new one, never a\nmixture. A backup from "
		"an older version of cases is migrated. On any\nerror the "
		"database is left as it was.\n"
		"\nDo not copy files over the database instead: recent changes "
		"live in\nits -wal file, which a copy leaves behind (or mixes "
		"with the new file).\n"
		"\nexample:\n"
		"  cases restore /var/backups/cases-2026-11-26.db\n",
	.run = run_restore,
};
