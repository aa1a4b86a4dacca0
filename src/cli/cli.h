/*
 * cli.h - the command-line program: context, command table, helpers.
 *
 * Every subcommand is one file, src/cli/cmd-NAME.c, exporting one
 * `const struct cli_cmd cmd_NAME`; main.c finds it in its table. Commands
 * use only the library's public headers and this one.
 */
#ifndef CASES_CLI_H
#define CASES_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "cases/case.h"
#include "cases/error.h"
#include "output.h"

struct case_filter;
struct store;
struct tz;

/* What every command receives (git's repo argument, not globals). */
struct cli_ctx {
	const char *db_path; /* --db, or NULL for the default */
	struct store *st;    /* opened by the runner on first use */
	int64_t now;	     /* --at, else $CASES_NOW, else the clock */
	int64_t real_now;    /* $CASES_NOW, else the clock: now without --at */
	int format;	     /* --format */
	int format_set;
	const struct tz *local; /* $TZ: local input and table display */
	const char *now_env;	/* $CASES_NOW, read by cli_run (NULL: none) */
	const char *author;	/* --as, else $CASES_AGENT, else the login */
	const char *warning;	/* said once on stderr by cli_run, or NULL */
	FILE *out;
	FILE *errf;
	const struct cli_cmd *cmd;
	char err[CASES_ERRMAX];
};

/*
 * One option of a command, declared once: the runner builds the parser
 * (getopt_long) and the lines of `--help` from the same entry, so that
 * they cannot drift apart (git's parse-options, tmux's cmd_entry).
 */
struct cli_opt {
	const char *name; /* long name, without "--" */
	int code;	  /* passed to the entry's opt(); > 0; an alias has
			     the code of the option it stands for */
	const char *arg;  /* the value's name in --help ("S", "DURATION");
			     NULL: a flag, which takes no value */
	const char *help; /* what it does, wrapped by the help generator
			     ("\n" breaks a line); NULL: hidden (an alias) */
};
/* One line, not the four clang-format would make of it. */
/* clang-format off */
#define CLI_OPT_END { NULL, 0, NULL, NULL }
/* clang-format on */

/* What a command does with the database. */
enum cli_store {
	CLI_NO_STORE = 1, /* nothing (help) */
	CLI_STORE,	  /* opens it; the work is one step of SQLite's own
			     (backup, restore) or several transactions */
	CLI_READ,	  /* one read transaction around the work */
	CLI_WRITE,	  /* one write transaction around the work, committed
			     after the output is flushed (cli_end) */
};

/* How many operands a command takes. */
struct cli_operands {
	int min, max;	  /* max -1: any number */
	const char *what; /* "case ID": "missing case ID" */
};

/*
 * An action of a command that has several ("plan add NAME", "calendar
 * list"), named by its first operand: the operands after it, the store
 * access and the steps of the action; the options, their values and
 * after() are the command's.
 */
struct cli_verb {
	const char *name;
	struct cli_operands operands;
	enum cli_store store;
	int (*prepare)(struct cli_ctx *ctx, void *args, int argc, char **argv);
	int (*exec)(struct cli_ctx *ctx, void *args, int argc, char **argv);
};

/*
 * A command, declared. cli_run() does, in order: parse the options
 * (the entry's and the common ones: --at, --format, --db, --help) with
 * opt() for the entry's; check the operand count; prepare() (checks that
 * need no database); open the database; opened(); begin the transaction
 * the entry declares; exec(); flush the output, then commit (or roll back
 * on failure); after(). Each step runs only when the ones before
 * succeeded, but after(), which runs last in any case.
 */
struct cli_cmd {
	const char *name;
	const char *usage;   /* synopsis after "cases ", man-page style */
	const char *summary; /* one line for `cases help` */
	/* --help: usage, summary, about, the options, notes, the example,
	 * the common options. about and notes are wrapped ("\n" breaks a
	 * line, "\n\n" starts a paragraph); the example is shown as it is,
	 * each line indented. */
	const char *about;
	const char *notes;
	const char *example;
	/* Ends with CLI_OPT_END; NULL: none. An option named like a common
	 * one replaces it: with the common code (OPT_FORMAT...) the runner
	 * still handles it (export's --format, with its own help), with a
	 * code of the entry's, opt() does. */
	const struct cli_opt *opts;
	struct cli_operands operands;
	enum cli_store store;
	/* The options' values: a copy of args_init (args_size bytes; all
	 * zero when args_init is NULL) that opt() fills and every later
	 * step receives as args. */
	size_t args_size;
	const void *args_init;
	int (*opt)(struct cli_ctx *ctx, int code, const char *value,
		   void *args);
	/* argv: the operands alone (argc of them). */
	int (*prepare)(struct cli_ctx *ctx, void *args, int argc, char **argv);
	int (*exec)(struct cli_ctx *ctx, void *args, int argc, char **argv);
	/* Runs once the database is open (a store other than CLI_NO_STORE),
	 * before any transaction: what must be set on the connection first
	 * (import's import_tune()). NULL: nothing. */
	int (*opened)(struct cli_ctx *ctx, void *args);
	/* rc: the status so far; returns the command's. Releases what
	 * opt() or prepare() took. */
	int (*after)(struct cli_ctx *ctx, void *args, int rc);
	/* Ends with { NULL }. When set, the first operand names one of
	 * them, whose operands, store, prepare and exec take the place of
	 * the command's. */
	const struct cli_verb *verbs;
};

/*
 * Run ctx->cmd on argv (argv[0] = the command's name): a status, with
 * ctx->err set on failure (CASES_EINVAL: usage). --help prints the
 * command's help and returns CLI_DONE. Past --help, it says ctx->warning
 * (once) and sets ctx->now from --at, else from $CASES_NOW
 * (ctx->now_env), so that neither can stop a command's --help.
 */
int cli_run(struct cli_ctx *ctx, int argc, char **argv);

/* Returned by a command's step to mean "stop, exit 0". */
#define CLI_DONE (-1)

/* Option codes shared by every command (beyond any single char). */
enum {
	OPT_AT = 1000,
	OPT_FORMAT,
	OPT_DB,
	OPT_HELP,
	OPT_AS,
	OPT_FIRST_CMD = 1100, /* commands number their options from here */
};

/* Open the database (once) and start a transaction. */
int cli_begin(struct cli_ctx *ctx, int write);
/* Flush ctx->out, then commit; roll back when rc != CASES_OK or the
 * output could not be written (docs/storage.md 4.5: a change whose output
 * was lost is not made). Returns rc, the output's failure or the
 * commit's. */
int cli_end(struct cli_ctx *ctx, int rc);

/* Flush ctx->out: CASES_OK, or CASES_EIO with "writing output: REASON"
 * (strerror) in ctx->err. */
int cli_flush(struct cli_ctx *ctx);
/* out_new() for the command's output, format, zone and now. */
struct out *cli_out_new(struct cli_ctx *ctx, const struct out_col *cols,
			int ncols, int single);
/* Finish o with out_free() (o may be NULL: out of memory) and report a
 * failure as cli_flush() does. */
int cli_out_free(struct cli_ctx *ctx, struct out *o);

/* Print the command's help to f. */
void cli_print_help(FILE *f, const struct cli_cmd *cmd);

/* Lookup for `cases help NAME`. */
const struct cli_cmd *cli_find(const char *name);
/* The command a mistyped or foreign name most likely meant ("opne":
 * open, "close": resolve), or NULL. */
const char *cli_nearest_command(const char *name);
/* CASES_EINVAL with "unknown command 'NAME' (did you mean ...? see 'cases
 * help')" in err. */
int cli_unknown_command(const char *name, char *err);
extern const struct cli_cmd *const cli_commands[];

/* A usage error for ctx->cmd: CASES_EINVAL. */
int cli_usage_error(struct cli_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Case records out (listing.c). The columns of a case in every format
 * (hide: CASE_HIDE_* columns left out of tables), extra_dur naming an
 * extra duration column (overdue_by_s, remaining_s) or NULL; a row is
 * written from the case and its SLA state (case_state).
 */
enum {
	CASE_HIDE_STATUS = 1, /* every row says the same (due, overdue) */
	CASE_HIDE_AGE = 2,    /* only list shows AGE */
	CASE_HIDE_PLAN = 4,
	CASE_HIDE_DUE = 8,
};
struct calcache;
struct slastate_info;
struct out *case_out_new(struct cli_ctx *ctx, int single, const char *extra_dur,
			 const char *extra_title, unsigned hide);
void case_out_row(struct out *o, const struct case_rec *c,
		  const struct slastate_info *s, int has_extra, int64_t extra);
/* The SLA state of c at ctx->now, its calendar loaded through cc (NULL:
 * a cache for this call; a calendar that cannot be loaded counts wall
 * time). */
void case_state(struct cli_ctx *ctx, struct calcache *cc,
		const struct case_rec *c, struct slastate_info *s);
/* "in 25m", "-2h 5m", "met", "breached", "closed", "no target": the SLA
 * state of a table for people; returns buf (TIMEFMT_MAX + 8 bytes) and
 * its colour (enum out_color) in *color. */
#define CASE_SLA_TEXT_MAX (TIMEFMT_MAX + 8)
const char *case_sla_text(const struct case_rec *c,
			  const struct slastate_info *s, char *buf, int *color);

/* Print a case just opened: in table format, on a terminal "#42 opened:
 * business/prod-down, due 14:05 (in 1h)", else the id alone; or the
 * record; flushed, failures as cli_flush(). */
int case_out_one(struct cli_ctx *ctx, const struct case_rec *c);
/* Print the record of one case in any format (respond, escalate...). */
int case_out_record(struct cli_ctx *ctx, const struct case_rec *c);

/*
 * The work of the commands about one case (respond, escalate, resolve,
 * reopen), declared with one operand and CLI_WRITE: find the case id, run
 * action(ctx, case, args) on it, print the case as it now stands (before
 * the runner commits: nothing is committed when it could not be printed).
 */
int cli_case_change(struct cli_ctx *ctx, const char *id,
		    int (*action)(struct cli_ctx *ctx, struct case_rec *c,
				  void *args),
		    void *args);

/* The plan matrix's columns and rows (cmd-plans.c). */
struct plan;
struct out *plan_out_new(struct cli_ctx *ctx, int single);
void plan_out_row(struct out *o, const struct plan *p);

/* The deletion log's columns and rows (cmd-deleted.c); deleted_out_row
 * takes the struct out as arg, a store_deleted_each() callback. */
struct deleted_rec;
struct out *deleted_out_new(struct cli_ctx *ctx, int single);
int deleted_out_row(void *arg, const struct deleted_rec *d);

/* A target for people: whole hours as "24h", else "1h30m", "15m".
 * buf holds TIMEFMT_MAX bytes. */
char *cli_target_text(int64_t seconds, char *buf);

/*
 * The listings (list, export, due, overdue) are one skeleton: their
 * options fill a struct cli_listing (the entry's args), whose init also
 * names the query and the extra column; cli_listing_exec() resolves the
 * filters, runs the query and writes one row per case.
 */
enum {
	LIST_PLAN = OPT_FIRST_CMD,
	LIST_SEVERITY,
	LIST_ACCOUNT,
	LIST_LIMIT,
	LIST_STATUS,
	LIST_SINCE,
	LIST_UNTIL,
	LIST_WITHIN,
	LIST_SORT,
	LIST_FIELDS,
	LIST_NO_HEADERS,
	LIST_COLOR,
	LIST_ASSIGNEE,
	LIST_MINE,
};

struct cli_listing {
	/* The options. */
	const char *plan, *account;
	const char *assignee; /* --assignee NAME */
	int mine;	      /* --mine: the author's cases (cli_author) */
	int severity;
	int64_t limit;		   /* 0: none */
	int status;		   /* as struct case_filter's */
	const char *since, *until; /* --since, --until as given */
	int64_t within;		   /* --within in seconds, 0: not given */
	/* The window the query reads, set by the entry's prepare(). */
	int64_t from, to;
	/* What the listing reads and shows. */
	int (*query)(struct store *st, const struct case_filter *f,
		     int64_t from, int64_t to,
		     int (*row)(void *arg, const struct case_rec *c), void *arg,
		     char *err);
	const char *extra, *extra_title; /* a duration column, or NULL */
	int64_t (*extra_of)(const struct case_rec *c, int64_t now);
	unsigned hide;	   /* CASE_HIDE_* */
	const char *empty; /* said on a terminal when nothing is listed */
	/* How people see it: --sort, --fields, --no-headers, --color. */
	const char *sort; /* NULL: the query's order */
	const char *fields;
	int no_headers;
	int color;
	int queue; /* `queue`: by urgency, answered cases "answered" */
};

/* The filters every listing takes, and --limit. */
/* clang-format off */
#define CLI_FILTER_OPTS \
	{ "plan", LIST_PLAN, "P", "only cases on plan P" }, \
	{ "severity", LIST_SEVERITY, "S", "only cases of severity S" }, \
	{ "account", LIST_ACCOUNT, "A", "only cases of account A" }, \
	{ "assignee", LIST_ASSIGNEE, "NAME", "only cases assigned to NAME" }, \
	{ "mine", LIST_MINE, NULL, "only cases assigned to me (--as NAME,\nelse $CASES_AGENT, else my login)" }
#define CLI_LIMIT_OPT { "limit", LIST_LIMIT, "N", "at most N cases" }
#define CLI_VIEW_OPTS \
	{ "fields", LIST_FIELDS, "F1,F2", "only these fields, in this order\n(names as in the JSON: number,sla_state,...)" }, \
	{ "no-headers", LIST_NO_HEADERS, NULL, "no heading line (table and csv)" }, \
	{ "color", LIST_COLOR, "WHEN", "auto (default: on a terminal, unless\n$NO_COLOR or TERM=dumb), always or never" }
/* clang-format on */

/* Who is acting: --as, else $CASES_AGENT, else the login name of the
 * effective user, else NULL. */
const char *cli_author(struct cli_ctx *ctx);

/* A change may be dated at most this far after now (clocks differ). */
#define CLI_FUTURE_SLACK 300

/* CASES_EINVAL when --at is more than CLI_FUTURE_SLACK after now: every
 * command that writes calls it (cli_run does for CLI_WRITE). */
int cli_not_future(struct cli_ctx *ctx) CASES_MUST_CHECK;

/* A TIME as people type it (timefmt_parse_when): local times in $TZ,
 * relative forms from the command's now. */
int cli_time(struct cli_ctx *ctx, const char *s, int64_t *out) CASES_MUST_CHECK;

int cli_listing_opt(struct cli_ctx *ctx, int code, const char *value,
		    void *args);
int cli_listing_exec(struct cli_ctx *ctx, void *args, int argc, char **argv);
/* The query of list and queue: every case the filter takes, newest first
 * (the window is not used). */
int cli_listing_all(struct store *st, const struct case_filter *f, int64_t from,
		    int64_t to, int (*row)(void *arg, const struct case_rec *c),
		    void *arg, char *err);

/* The fields of a listing's entry, init its struct cli_listing. */
#define CLI_LISTING(init)                                                      \
	.store = CLI_READ, .args_size = sizeof(struct cli_listing),            \
	.args_init = &(init), .opt = cli_listing_opt, .exec = cli_listing_exec

/*
 * Reading the past (asof.c; docs/deadlines.md "Reading the past"): a read
 * at --at T earlier than now, when something is dated after T, shows the
 * cases and their facts as they stood at T (case_as_of); otherwise it
 * reads as it always did.
 */
struct event_rec;
/* *past = 1 when a read at ctx->now must replay the history. */
int cli_past(struct cli_ctx *ctx, int *past) CASES_MUST_CHECK;
/* case_get(), as of ctx->now: CASES_ENOTFOUND for a case opened later. */
int cli_case_get(struct cli_ctx *ctx, const char *id,
		 struct case_rec *out) CASES_MUST_CHECK;
/* store_event_each() of the events dated at or before ctx->now when it
 * is earlier than now; all of them otherwise. */
int cli_event_each(struct cli_ctx *ctx, int64_t case_id,
		   int (*fn)(void *arg, const struct event_rec *e),
		   void *arg) CASES_MUST_CHECK;
/* A listing's query (l->query), or on the past path, its cases as of
 * ctx->now in the query's order, f's filters and limit judged on them. */
int cli_listing_query(struct cli_ctx *ctx, const struct cli_listing *l,
		      const struct case_filter *f,
		      int (*row)(void *arg, const struct case_rec *c),
		      void *arg) CASES_MUST_CHECK;

#endif
