/*
 * dbpath.c - where the database is when --db does not say: the program's
 * policy (docs/formats.md section 1), not the store's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/error.h"
#include "dbpath.h"

char *
cli_default_db_path(char *err)
{
	const char *env = getenv("CASES_DB");
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	const char *base, *rest;
	char *path;
	size_t n;

	if (env && *env) {
		path = strdup(env);
		goto out;
	}
	if (xdg && xdg[0] == '/') {
		base = xdg;
		rest = "/cases/cases.db";
	} else if (home && *home) {
		base = home;
		rest = "/.local/share/cases/cases.db";
	} else {
		cases_errf(err, CASES_EINVAL,
			   "no database path: set --db, $CASES_DB or $HOME");
		return NULL;
	}
	n = strlen(base) + strlen(rest) + 1;
	path = malloc(n);
	if (path)
		snprintf(path, n, "%s%s", base, rest);
out:
	if (!path)
		cases_errf(err, CASES_ENOMEM, "out of memory");
	return path;
}
