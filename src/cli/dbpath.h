/*
 * dbpath.h - the default database path of the program (dbpath.c).
 */
#ifndef CASES_CLI_DBPATH_H
#define CASES_CLI_DBPATH_H

/* $CASES_DB when set and not empty, else
 * ${XDG_DATA_HOME:-$HOME/.local/share}/cases/cases.db (XDG_DATA_HOME only
 * when absolute). A malloc'd string the caller frees, or NULL with err
 * set: CASES_EINVAL when neither $CASES_DB nor $HOME says, CASES_ENOMEM. */
char *cli_default_db_path(char *err);

#endif
