/*
 * sql.h - the SQL files of sql/, embedded at build time by sql/embed.py.
 */
#ifndef CASES_SQL_H
#define CASES_SQL_H

struct sql_file {
	const char *name;
	const char *text;
};

/* Migrations in order: applying sql_files[i] brings the schema to i + 1. */
extern const struct sql_file sql_files[];
extern const int sql_nfiles;

#endif
