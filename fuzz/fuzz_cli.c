/*
 * fuzz_cli.c - libFuzzer harness for the command line: option parsing,
 * every command's checks and every output format, on a fresh in-memory
 * store per input.
 *
 * Input: up to 8 commands, one per line; a command's words are separated
 * by tabs (so that a word may hold spaces), the first word naming the
 * command. Commands that touch files or run programs are skipped: backup,
 * import, and check with --exec. Each command runs as `cases`
 * would run it (its own cli_ctx; --at, --format and --help work), at a
 * fixed "now", with output to /dev/null, sharing the store, so that an
 * input can add an account and then open a case on it.
 *
 * Oracle: a command returns success, CASES_EINVAL or CASES_ENOTFOUND with
 * a message; never a database, I/O or memory failure (the store is in
 * memory and healthy), which would mean a check that lets SQLite refuse
 * bad input or a transaction left open. The sanitizers catch the rest.
 *
 *   fuzz/run 60 cli
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cases/error.h"
#include "cases/store.h"
#include "cases/tz.h"
#include "cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_CMDS  8
#define MAX_WORDS 24
#define NOW	  1795683600 /* 2026-11-26T09:00:00Z */

static FILE *devnull;

static int
allowed(const char *name)
{
	static const char *const skip[] = { "backup", "import" };

	for (size_t i = 0; i < sizeof(skip) / sizeof(skip[0]); i++) {
		if (strcmp(name, skip[i]) == 0)
			return 0;
	}
	return 1;
}

/* "--e", "--ex", "--exe", "--exec" (with or without "=..."): --exec, or
 * an abbreviation getopt_long would take for it. */
static int
is_exec_option(const char *w)
{
	size_t n = strcspn(w, "=");

	return n >= 3 && n <= 6 && strncmp(w, "--exec", n) == 0;
}

static void
run_one(struct store *st, const struct tz *local, int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find(argv[0]);
	struct cli_ctx ctx = { 0 };
	int rc;

	if (!cmd || !allowed(argv[0]))
		return;
	/* On a terminal, delete asks, and would wait for an answer. */
	if (strcmp(argv[0], "delete") == 0 && isatty(STDIN_FILENO))
		return;
	for (int i = 1; i < argc; i++) {
		if (is_exec_option(argv[i]))
			return;
	}
	ctx.st = st;
	ctx.now = NOW;
	ctx.local = local;
	ctx.out = devnull;
	ctx.errf = devnull;
	ctx.cmd = cmd;
	rc = cli_run(&ctx, argc, argv);
	if (rc == CLI_DONE || rc == CASES_OK)
		return;
	if (rc != CASES_EINVAL && rc != CASES_ENOTFOUND) {
		fprintf(stderr, "fuzz_cli: %s failed with status %d: %s\n",
			argv[0], rc, ctx.err);
		abort();
	}
	if (ctx.err[0] == '\0') {
		fprintf(stderr, "fuzz_cli: %s failed without a message\n",
			argv[0]);
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[CASES_ERRMAX], *buf, *line, *save_line;
	char *argv[MAX_WORDS + 1];
	const struct tz *local;
	struct store *st;
	int ncmd = 0;

	if (size > 8192)
		return 0;
	if (!devnull) {
		setenv("TZ", "UTC", 1);
		if (!getenv("TZDIR"))
			setenv("TZDIR", "/usr/share/zoneinfo", 1);
		unsetenv("CASES_NOW");
		if (!(devnull = fopen("/dev/null", "w")))
			abort();
	}
	if (!(buf = malloc(size + 1)))
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	if (tz_local(&local, err) != CASES_OK)
		abort();
	if (store_open(NULL, &st, err) != CASES_OK)
		abort();
	for (line = strtok_r(buf, "\n", &save_line); line && ncmd < MAX_CMDS;
	     line = strtok_r(NULL, "\n", &save_line), ncmd++) {
		int argc = 0;
		char *w = line, *tab;

		/* Words may be empty: split at every tab. */
		while (argc < MAX_WORDS) {
			argv[argc++] = w;
			if (!(tab = strchr(w, '\t')))
				break;
			*tab = '\0';
			w = tab + 1;
		}
		argv[argc] = NULL;
		run_one(st, local, argc, argv);
	}
	store_close(st);
	tz_cache_clear();
	free(buf);
	return 0;
}
