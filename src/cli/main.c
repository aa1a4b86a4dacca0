/*
 * main.c - `cases`: global options, the command table, exit codes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cases/store.h"
#include "cases/timefmt.h"
#include "cases/tz.h"
#include "cases/utf8.h"
#include "cli.h"
#include "config.h"
#include "dbpath.h"

static void
usage(FILE *f)
{
	fputs("usage: cases [--db PATH] COMMAND [OPTIONS] [ARGS]\n"
	      "       cases help [COMMAND] | --version\n\n"
	      "commands:\n",
	      f);
	for (int i = 0; cli_commands[i]; i++)
		fprintf(f, "  %-10s %s\n", cli_commands[i]->name,
			cli_commands[i]->summary);
	fputs("\nEvery command takes --at TIME, --format table|csv|json|jsonl "
	      "and --help.\nSee 'cases help COMMAND' or man cases(1).\n",
	      f);
}

/* `cases` alone shows the queue: on a terminal, when the database it
 * would read exists (so that it never creates one). */
static int
queue_alone(struct cli_ctx *ctx)
{
	char *path;
	int yes;

	if (!isatty(STDOUT_FILENO))
		return 0;
	if (ctx->db_path)
		return access(ctx->db_path, F_OK) == 0;
	path = cli_default_db_path(ctx->err);
	yes = path && access(path, F_OK) == 0;
	free(path);
	ctx->err[0] = '\0';
	return yes;
}

/* The end of --version and --help, which printed to f (stdout, or the
 * terminal's line fitter over it): what they printed must have been
 * written (exit 1 with the reason, on a full disk or a closed pipe). */
static int
flushed(FILE *f)
{
	errno = 0;
	if ((f == stdout || fclose(f) == 0) && fflush(stdout) == 0
	    && !ferror(stdout))
		return 0;
	fprintf(stderr, "cases: writing output: %s\n",
		strerror(errno ? errno : EIO));
	return 1;
}

/*
 * The environment of time: the local zone from $TZ, the clock, and
 * $CASES_NOW for cli_run(), which reads it after --help and --at. `help`
 * reads neither. A $TZ that names no zone we can read does what the C
 * library does, times in UTC, with one warning: it changes how times are
 * read and shown, never what is recorded or the exit status.
 */
static int
time_env(struct cli_ctx *ctx, int help)
{
	static char warning[CASES_ERRMAX];
	char inner[CASES_ERRMAX];
	int rc;

	ctx->now = (int64_t)time(NULL);
	if (help) {
		ctx->local = tz_utc();
		return ctx->local ? CASES_OK
				  : cases_errf(ctx->err, CASES_ENOMEM,
					       "out of memory");
	}
	ctx->now_env = getenv("CASES_NOW");
	rc = tz_local(&ctx->local, inner);
	if (rc == CASES_EINVAL) {
		snprintf(warning, sizeof(warning),
			 "$TZ: %.*s; times are read and shown in UTC",
			 (int)sizeof(warning) - 64, inner);
		utf8_sanitize(warning);
		ctx->warning = warning;
		ctx->local = tz_utc();
		rc = ctx->local ? CASES_OK : CASES_ENOMEM;
	}
	if (rc)
		return cases_errf(ctx->err, rc, "out of memory");
	return CASES_OK;
}

int
main(int argc, char **argv)
{
	struct cli_ctx ctx = { .out = stdout, .errf = stderr };
	/* glibc takes a size from setvbuf only with a buffer. */
	static char out_buf[64 * 1024];
	const struct cli_cmd *cmd;
	static char queue_name[] = "queue";
	static char *queue_argv[] = { queue_name, NULL };
	int i = 1, rc, alone = 0;

	/* Global options before the command. */
	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "--db") == 0) {
			if (i + 1 >= argc) {
				rc = cases_errf(ctx.err, CASES_EINVAL,
						"option '--db' needs a value");
				goto out;
			}
			ctx.db_path = argv[i + 1];
			i += 2;
		} else if (strncmp(argv[i], "--db=", 5) == 0) {
			ctx.db_path = argv[i] + 5;
			i++;
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("cases %s\n", CASES_VERSION);
			return flushed(stdout);
		} else if (strcmp(argv[i], "--help") == 0
			   || strcmp(argv[i], "-h") == 0) {
			FILE *f = out_term_open(stdout, &ctx.format);
			usage(f);
			return flushed(f);
		} else {
			rc = cases_errf(ctx.err, CASES_EINVAL,
					"unknown option '%.100s' (expected "
					"--db PATH, --version or --help before "
					"the command)",
					argv[i]);
			goto out;
		}
	}
	if (i >= argc) {
		/* Alone on a terminal, with a database to read: the queue
		 * (git status, gh status); else the usage, as scripts know
		 * it. */
		if (!queue_alone(&ctx)) {
			usage(stderr);
			return 2;
		}
		alone = 1;
		argv = queue_argv;
		argc = 1;
		i = 0;
	}
	cmd = cli_find(argv[i]);
	if (!cmd) {
		rc = cli_unknown_command(argv[i], ctx.err);
		goto out;
	}
	ctx.cmd = cmd;
	/* Into a pipe or a file, output goes in 64 KiB writes rather than
	 * stdio's 4 KiB (a 10,000-row listing: 70 write calls, not 1,100);
	 * it is fully buffered there either way. */
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, out_buf, _IOFBF, sizeof(out_buf));
	/* On a terminal, no line wider than the window. */
	ctx.out = out_term_open(stdout, &ctx.format);
	rc = time_env(&ctx, strcmp(cmd->name, "help") == 0);
	if (rc == CASES_OK)
		rc = cli_run(&ctx, argc - i, argv + i);
	if (ctx.st) {
		store_close(ctx.st);
		ctx.st = NULL;
	}
	if (rc == CLI_DONE)
		rc = CASES_OK;
	if (alone && rc == CASES_OK)
		fputs("(the queue; 'cases help' lists every command)\n",
		      stderr);
	if (ctx.out != stdout && fclose(ctx.out) != 0 && rc == CASES_OK)
		rc = cases_errf(ctx.err, CASES_EIO, "writing output: %s",
				strerror(errno));
	if (fflush(stdout) != 0 && rc == CASES_OK)
		rc = cases_errf(ctx.err, CASES_EIO, "writing output: %s",
				strerror(errno));
out:
	if (rc != CASES_OK) {
		/* One line whatever a quoted value holds: what would control
		 * a terminal (a newline, an escape sequence, a C1 control, a
		 * bidirectional override) is shown as '?'. */
		utf8_sanitize(ctx.err);
		fprintf(stderr, "cases: %s\n",
			ctx.err[0] ? ctx.err : "unexpected failure");
	}
	tz_cache_clear();
	return cases_exit_code(rc);
}
