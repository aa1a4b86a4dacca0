/*
 * test_cli.c - the command runner: options declared once make the parser
 * and the help; operand counts; the order of the steps; and every
 * declared command of the table against its own synopsis.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cases/error.h"
#include "cases/store.h"
#include "cases/tz.h"
#include "../src/cli/cli.h"

/* ---- a command made for the tests ---- */

enum { T_NAME = OPT_FIRST_CMD, T_COUNT, T_FLAG, T_ALIAS };

struct t_args {
	const char *name;
	long count;
	int flag;
	char log[128]; /* the steps run, in order */
	int fail_at;   /* T_NAME...: that step fails */
};

static const struct cli_opt t_opts[] = {
	{ "name", T_NAME, "NAME", "who to greet" },
	{ "count", T_COUNT, "N",
	  "how many times; a long text that the help generator has to wrap "
	  "onto a second line, indented under the first" },
	{ "flag", T_FLAG, NULL, "a flag\nwith a forced break" },
	{ "other-name", T_NAME, "NAME", NULL }, /* a hidden alias */
	CLI_OPT_END,
};

static void
step(struct t_args *a, const char *s)
{
	strncat(a->log, s, sizeof(a->log) - strlen(a->log) - 1);
}

static int
t_opt(struct cli_ctx *ctx, int code, const char *value, void *args)
{
	struct t_args *a = args;

	switch (code) {
	case T_NAME:
		a->name = value;
		return CASES_OK;
	case T_COUNT:
		a->count = strtol(value, NULL, 10);
		return CASES_OK;
	case T_FLAG:
		a->flag = 1;
		return CASES_OK;
	}
	return cli_usage_error(ctx, "unknown option");
}

/* The last run's arguments, kept by after(): the runner frees them. */
static struct t_args last;
static int last_argc;
static char last_operands[64];

static int
t_prepare(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct t_args *a = args;

	step(a, "prepare ");
	last_argc = argc;
	last_operands[0] = '\0';
	for (int i = 0; i < argc; i++) {
		strncat(last_operands, argv[i],
			sizeof(last_operands) - strlen(last_operands) - 2);
		strcat(last_operands, " ");
	}
	return a->count < 0 ? cli_usage_error(ctx, "negative --count")
			    : CASES_OK;
}

static int
t_exec(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	step(args, "exec ");
	fprintf(ctx->out, "hello %s\n", ((struct t_args *)args)->name);
	return CASES_OK;
}

static int
t_after(struct cli_ctx *ctx, void *args, int rc)
{
	step(args, "after");
	last = *(struct t_args *)args;
	return rc;
}

static const struct t_args t_init = { .name = "world", .count = 1 };

static const struct cli_cmd t_cmd = {
	.name = "greet",
	.usage = "greet [--name NAME] [--count N] [--flag] WHO [WHERE]",
	.summary = "greet someone",
	.about = "Greets WHO.",
	.notes = "Said after the options.",
	.example = "cases greet --name you me\n    there",
	.opts = t_opts,
	.operands = { 1, 2, "WHO" },
	.store = CLI_NO_STORE,
	.args_size = sizeof(struct t_args),
	.args_init = &t_init,
	.opt = t_opt,
	.prepare = t_prepare,
	.exec = t_exec,
	.after = t_after,
};

/* Run cmd on the words given (the command's name first); its output in
 * *out (to free), its message in err. */
static int
run_words(const struct cli_cmd *cmd, char **out, char *err, ...)
{
	char *argv[16], *words[16];
	struct cli_ctx ctx = { .errf = stderr, .cmd = cmd };
	size_t len = 0;
	va_list ap;
	int argc = 0, rc;

	va_start(ap, err);
	for (const char *w; (w = va_arg(ap, const char *)) && argc < 15;)
		argv[argc] = words[argc] = strdup(w), argc++;
	va_end(ap);
	argv[argc] = NULL;
	ctx.out = open_memstream(out, &len);
	cr_assert_not_null(ctx.out);
	memset(&last, 0, sizeof(last));
	rc = cli_run(&ctx, argc, argv);
	fclose(ctx.out);
	strcpy(err, ctx.err);
	for (int i = 0; i < argc; i++)
		free(words[i]);
	return rc;
}

#define RUN(out, err, ...)                                                     \
	run_words(&t_cmd, out, err, "greet", __VA_ARGS__, NULL)

Test(cli, runs_the_steps_in_order)
{
	char err[CASES_ERRMAX], *out;
	int rc = RUN(&out, err, "me");

	cr_assert_eq(rc, CASES_OK, "%s", err);
	cr_assert_str_eq(out, "hello world\n");
	cr_assert_str_eq(last.log, "prepare exec after");
	cr_assert_eq(last.count, 1, "the defaults are args_init's");
	cr_assert_eq(last_argc, 1);
	cr_assert_str_eq(last_operands, "me ");
	free(out);
}

Test(cli, a_failed_step_stops_all_but_after)
{
	char err[CASES_ERRMAX], *out;
	int rc = RUN(&out, err, "--count", "-1", "me");

	cr_assert_eq(rc, CASES_EINVAL);
	cr_assert_str_eq(err, "negative --count (see 'cases greet --help')");
	cr_assert_str_eq(out, "");
	cr_assert_str_eq(last.log, "prepare after");
	free(out);
	rc = RUN(&out, err, "--bogus", "me");
	cr_assert_eq(rc, CASES_EINVAL);
	cr_assert_str_eq(last.log, "after", "nothing but after() runs");
	free(out);
}

Test(cli, value_with_equals_or_in_the_next_word)
{
	char err[CASES_ERRMAX], *out;

	cr_assert_eq(RUN(&out, err, "--name=ann", "--count", "3", "me"),
		     CASES_OK, "%s", err);
	cr_assert_str_eq(out, "hello ann\n");
	cr_assert_eq(last.count, 3);
	cr_assert_eq(last.flag, 0);
	free(out);
	cr_assert_eq(RUN(&out, err, "me", "--name", "bob", "--count=7",
			 "--flag", "there"),
		     CASES_OK, "%s", err);
	cr_assert_str_eq(out, "hello bob\n");
	cr_assert_eq(last.count, 7);
	cr_assert_eq(last.flag, 1);
	cr_assert_str_eq(last_operands, "me there ",
			 "options may follow the operands");
	free(out);
	/* The hidden alias sets the same value. */
	cr_assert_eq(RUN(&out, err, "--other-name", "cy", "me"), CASES_OK);
	cr_assert_str_eq(out, "hello cy\n");
	free(out);
}

Test(cli, an_undeclared_option_is_refused_by_name)
{
	char err[CASES_ERRMAX], *out;

	cr_assert_eq(RUN(&out, err, "--nmae", "x", "me"), CASES_EINVAL);
	cr_assert_str_eq(err, "unknown option '--nmae': did you mean '--name'? "
			      "(see 'cases greet --help')");
	free(out);
	cr_assert_eq(RUN(&out, err, "--zzzzzz", "x", "me"), CASES_EINVAL);
	cr_assert_str_eq(err, "unknown option '--zzzzzz' (see 'cases greet "
			      "--help')");
	cr_assert_eq(cases_exit_code(CASES_EINVAL), 2);
	free(out);
	cr_assert_eq(RUN(&out, err, "-n", "x", "me"), CASES_EINVAL);
	cr_assert_str_eq(err, "unknown option '-n' (see 'cases greet --help')");
	free(out);
	/* An option of another command is not this one's. */
	cr_assert_eq(RUN(&out, err, "--severity", "general", "me"),
		     CASES_EINVAL);
	cr_assert(strstr(err, "unknown option '--severity'"), "%s", err);
	free(out);
}

Test(cli, a_flag_given_a_value_is_refused)
{
	char err[CASES_ERRMAX], *out;

	cr_assert_eq(RUN(&out, err, "--flag=yes", "me"), CASES_EINVAL);
	cr_assert(strstr(err, "'--flag=yes'"), "%s", err);
	cr_assert_str_eq(last.log, "after");
	free(out);
	cr_assert_eq(RUN(&out, err, "--help=x"), CASES_EINVAL);
	cr_assert(strstr(err, "'--help=x'"), "%s", err);
	free(out);
}

Test(cli, an_option_without_its_value_is_refused)
{
	char err[CASES_ERRMAX], *out;

	cr_assert_eq(RUN(&out, err, "me", "--name"), CASES_EINVAL);
	cr_assert_str_eq(err, "option '--name' needs a value (see 'cases "
			      "greet --help')");
	free(out);
}

Test(cli, operand_counts)
{
	char err[CASES_ERRMAX], *out;

	cr_assert_eq(run_words(&t_cmd, &out, err, "greet", NULL), CASES_EINVAL);
	cr_assert_str_eq(err, "missing WHO (see 'cases greet --help')");
	cr_assert_str_eq(last.log, "after");
	free(out);
	cr_assert_eq(RUN(&out, err, "a", "b"), CASES_OK, "%s", err);
	free(out);
	cr_assert_eq(RUN(&out, err, "a", "b", "c"), CASES_EINVAL);
	cr_assert_str_eq(err, "unexpected argument 'c' (see 'cases greet "
			      "--help')");
	free(out);
	/* "--" ends the options: what follows is an operand. */
	cr_assert_eq(RUN(&out, err, "--", "--name"), CASES_OK, "%s", err);
	cr_assert_str_eq(last_operands, "--name ");
	free(out);
}

Test(cli, help_lists_every_declared_option)
{
	char err[CASES_ERRMAX], *out;

	cr_assert_eq(RUN(&out, err, "--help"), CLI_DONE, "%s", err);
	cr_assert_str_eq(last.log, "after", "--help runs nothing else");
	cr_assert_str_eq(
		out,
		"usage: cases greet [--name NAME] [--count N] [--flag] WHO "
		"[WHERE]\n"
		"\n"
		"greet someone\n"
		"\n"
		"Greets WHO.\n"
		"\n"
		"options:\n"
		"  --name NAME        who to greet\n"
		"  --count N          how many times; a long text that the "
		"help generator\n"
		"                     has to wrap onto a second line, indented "
		"under the\n"
		"                     first\n"
		"  --flag             a flag\n"
		"                     with a forced break\n"
		"\n"
		"Said after the options.\n"
		"\n"
		"example:\n"
		"  cases greet --name you me\n"
		"      there\n"
		"\n"
		"common options:\n"
		"  --at TIME          act as of TIME (now, -2h, 2h ago, "
		"10:00, 2026-11-23,\n"
		"                     2026-11-23 10:00 in $TZ, RFC 3339; "
		"default now), a\n"
		"                     change at most 5m ahead; a read at an "
		"earlier TIME\n"
		"                     shows the cases as they were then (later "
		"facts\n"
		"                     undone)\n"
		"  --format F         table (default), csv, json or jsonl\n"
		"  --db PATH          database (default $CASES_DB, else\n"
		"                     $XDG_DATA_HOME/cases/cases.db)\n"
		"  --as NAME          who is acting, recorded with each change "
		"(default\n"
		"                     $CASES_AGENT, else your login name)\n"
		"  --help             this help\n");
	free(out);
}

/* ---- a command with verbs ---- */

static int
v_add(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	fprintf(ctx->out, "add %s as %s\n", argv[0],
		((struct t_args *)args)->name);
	return CASES_OK;
}

static int
v_list(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	fprintf(ctx->out, "list of %d\n", argc);
	return CASES_OK;
}

static const struct cli_verb v_verbs[] = {
	{ "add", { 1, 1, "thing NAME" }, CLI_NO_STORE, NULL, v_add },
	{ "list", { 0, -1, "" }, CLI_NO_STORE, NULL, v_list },
	{ NULL },
};

static const struct cli_cmd v_cmd = {
	.name = "thing",
	.usage = "thing add NAME [--name NAME]\n       cases thing list",
	.summary = "things",
	.opts = t_opts,
	.args_size = sizeof(struct t_args),
	.args_init = &t_init,
	.opt = t_opt,
	.verbs = v_verbs,
};

Test(cli, the_first_operand_names_the_verb)
{
	char err[CASES_ERRMAX], *out;

	cr_assert_eq(run_words(&v_cmd, &out, err, "thing", "--name", "ann",
			       "add", "box", NULL),
		     CASES_OK, "%s", err);
	cr_assert_str_eq(out, "add box as ann\n");
	free(out);
	cr_assert_eq(run_words(&v_cmd, &out, err, "thing", "list", "a", "b",
			       "c", "--name=x", NULL),
		     CASES_OK, "%s", err);
	cr_assert_str_eq(out, "list of 3\n");
	free(out);
}

Test(cli, a_missing_or_unknown_verb_lists_the_verbs)
{
	char err[CASES_ERRMAX], *out;

	cr_assert_eq(run_words(&v_cmd, &out, err, "thing", NULL), CASES_EINVAL);
	cr_assert_str_eq(err, "missing action (expected one of: add, list) "
			      "(see 'cases thing --help')");
	free(out);
	cr_assert_eq(run_words(&v_cmd, &out, err, "thing", "ad", "x", NULL),
		     CASES_EINVAL);
	cr_assert_str_eq(err, "unknown action 'ad' (expected one of: add, "
			      "list) (see 'cases thing --help')");
	free(out);
}

Test(cli, each_verb_counts_its_own_operands)
{
	char err[CASES_ERRMAX], *out;

	cr_assert_eq(run_words(&v_cmd, &out, err, "thing", "add", NULL),
		     CASES_EINVAL);
	cr_assert_str_eq(err, "missing thing NAME (see 'cases thing --help')");
	free(out);
	cr_assert_eq(
		run_words(&v_cmd, &out, err, "thing", "add", "a", "b", NULL),
		CASES_EINVAL);
	cr_assert_str_eq(err, "unexpected argument 'b' (see 'cases thing "
			      "--help')");
	free(out);
}

/* ---- opened(): between opening the database and the transaction ---- */

static int o_fail; /* opened() fails */

/* Whether a transaction is open on ctx->st: then none can begin. */
static int
in_transaction(struct cli_ctx *ctx)
{
	char err[CASES_ERRMAX];

	if (store_begin(ctx->st, 0, err) != CASES_OK)
		return 1;
	store_rollback(ctx->st);
	return 0;
}

static int
o_opened(struct cli_ctx *ctx, void *args)
{
	step(args, in_transaction(ctx) ? "opened-in-txn " : "opened ");
	return o_fail ? cases_errf(ctx->err, CASES_EDB, "tuning failed")
		      : CASES_OK;
}

static int
o_exec(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	step(args, in_transaction(ctx) ? "exec-in-txn " : "exec ");
	return CASES_OK;
}

static const struct cli_cmd o_cmd = {
	.name = "tune",
	.usage = "tune",
	.summary = "a command that sets up the connection first",
	.store = CLI_WRITE,
	.args_size = sizeof(struct t_args),
	.prepare = t_prepare,
	.opened = o_opened,
	.exec = o_exec,
	.after = t_after,
};

/* Run cmd (o_cmd or a variant) with no operands on an open in-memory
 * store: cli_open() keeps it. */
static int
run_opened(const struct cli_cmd *cmd, char *err)
{
	char name[] = "tune", *argv[] = { name, NULL };
	struct cli_ctx ctx = { .errf = stderr, .out = stdout, .cmd = cmd };
	int rc;

	cr_assert_eq(store_open(NULL, &ctx.st, err), CASES_OK, "%s", err);
	memset(&last, 0, sizeof(last));
	rc = cli_run(&ctx, 1, argv);
	cr_assert_not(in_transaction(&ctx), "the runner ended it");
	store_close(ctx.st);
	strcpy(err, ctx.err);
	return rc;
}

Test(cli, opened_runs_on_the_open_database_before_the_transaction)
{
	char err[CASES_ERRMAX];

	o_fail = 0;
	cr_assert_eq(run_opened(&o_cmd, err), CASES_OK, "%s", err);
	cr_assert_str_eq(last.log, "prepare opened exec-in-txn after");
}

Test(cli, a_failed_opened_stops_the_command)
{
	char err[CASES_ERRMAX];

	o_fail = 1;
	cr_assert_eq(run_opened(&o_cmd, err), CASES_EDB);
	cr_assert_str_eq(err, "tuning failed");
	cr_assert_str_eq(last.log, "prepare opened after",
			 "no transaction, no exec()");
}

Test(cli, opened_is_for_commands_that_open_the_database)
{
	struct cli_cmd read = o_cmd, store = o_cmd, none = o_cmd;
	char err[CASES_ERRMAX];

	o_fail = 0;
	read.store = CLI_READ;
	cr_assert_eq(run_opened(&read, err), CASES_OK, "%s", err);
	cr_assert_str_eq(last.log, "prepare opened exec-in-txn after");
	store.store = CLI_STORE;
	cr_assert_eq(run_opened(&store, err), CASES_OK, "%s", err);
	cr_assert_str_eq(last.log, "prepare opened exec after",
			 "CLI_STORE: no transaction");
	none.store = CLI_NO_STORE;
	cr_assert_eq(run_opened(&none, err), CASES_OK, "%s", err);
	cr_assert_str_eq(last.log, "prepare exec after");
}

/* ---- the commands of the table ---- */

/* Whether the option --name (n bytes) is declared by cmd or common. */
static int
declared(const struct cli_cmd *cmd, const char *name, size_t n)
{
	static const char *const common[] = { "at", "format", "db", "help" };

	for (const struct cli_opt *o = cmd->opts; o && o->name; o++) {
		if (strlen(o->name) == n && strncmp(o->name, name, n) == 0)
			return 1;
	}
	for (size_t i = 0; i < sizeof(common) / sizeof(*common); i++) {
		if (strlen(common[i]) == n && strncmp(common[i], name, n) == 0)
			return 1;
	}
	return 0;
}

/* The "--name" words of s, each checked to be declared by cmd. */
static void
check_named(const struct cli_cmd *cmd, const char *what, const char *s)
{
	for (const char *p = s; p && (p = strstr(p, "--")); p += 2) {
		size_t n =
			strspn(p + 2, "abcdefghijklmnopqrstuvwxyz0123456789-");
		if (n == 0)
			continue;
		cr_expect(declared(cmd, p + 2, n),
			  "%s: its %s names --%.*s, which it does not declare",
			  cmd->name, what, (int)n, p + 2);
	}
}

/* Whether s holds words w, not followed by more of a word. */
static int
has_words(const char *s, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = s; (p = strstr(p, w)); p++) {
		if (!p[n] || !strchr("abcdefghijklmnopqrstuvwxyz-", p[n]))
			return 1;
	}
	return 0;
}

Test(cli, every_command_declares_what_its_help_names)
{
	for (int i = 0; cli_commands[i]; i++) {
		const struct cli_cmd *cmd = cli_commands[i];
		cr_expect(!cmd->exec != !cmd->verbs,
			  "%s: exec() or verbs, one of them", cmd->name);
		check_named(cmd, "synopsis", cmd->usage);
		for (const struct cli_verb *v = cmd->verbs; v && v->name; v++) {
			char want[64];
			snprintf(want, sizeof(want), "%s %s", cmd->name,
				 v->name);
			cr_expect(has_words(cmd->usage, want),
				  "%s: the synopsis lacks '%s'", cmd->name,
				  want);
		}
		check_named(cmd, "example", cmd->example);
		for (const struct cli_opt *o = cmd->opts; o && o->name; o++) {
			char want[64];
			if (!o->help)
				continue; /* a hidden alias */
			snprintf(want, sizeof(want), "--%s", o->name);
			cr_expect(strstr(cmd->usage, want),
				  "%s: the synopsis lacks %s", cmd->name, want);
		}
	}
}

Test(cli, every_command_help_lists_its_options)
{
	for (int i = 0; cli_commands[i]; i++) {
		const struct cli_cmd *cmd = cli_commands[i];
		char *out = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&out, &len);

		cli_print_help(f, cmd);
		fclose(f);
		for (const struct cli_opt *o = cmd->opts; o && o->name; o++) {
			char want[64];
			snprintf(want, sizeof(want), "\n  --%s%s", o->name,
				 o->arg ? " " : "");
			if (o->help)
				cr_expect(strstr(out, want),
					  "%s --help lacks --%s", cmd->name,
					  o->name);
			else
				cr_expect(!strstr(out, want),
					  "%s --help shows the alias --%s",
					  cmd->name, o->name);
		}
		cr_expect(strstr(out, "\n  --help "), "%s", cmd->name);
		/* Every line fits a terminal of 80 columns. */
		for (char *l = out; *l; l += *l == '\n') {
			size_t n = strcspn(l, "\n");
			cr_expect(n <= 78, "%s --help: a line of %zu: %.*s",
				  cmd->name, n, (int)n, l);
			l += n;
		}
		free(out);
	}
}

/* Run the table's command on argv (argc words, the command's name first),
 * with a database in a new directory, which it must not open: *opened
 * says whether it did (or made the file). The message in err
 * (CASES_ERRMAX). */
static int
run_table(char **argv, int argc, char *err, int *opened)
{
	static const char *const files[] = { "", "-wal", "-shm", "-journal" };
	char dir[] = "/tmp/test_cli.XXXXXX", path[64], file[80];
	struct cli_ctx ctx = { .errf = stderr, .local = tz_utc() };
	char *out = NULL;
	size_t len = 0;
	int rc;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/cases.db", dir);
	ctx.db_path = path;
	ctx.cmd = cli_find(argv[0]);
	cr_assert_not_null(ctx.cmd, "%s", argv[0]);
	ctx.out = open_memstream(&out, &len);
	cr_assert_not_null(ctx.out);
	rc = cli_run(&ctx, argc, argv);
	fclose(ctx.out);
	free(out);
	*opened = ctx.st != NULL || access(path, F_OK) == 0;
	if (ctx.st)
		store_close(ctx.st);
	strcpy(err, ctx.err);
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++) {
		snprintf(file, sizeof(file), "%s%s", path, files[i]);
		unlink(file);
	}
	cr_assert_eq(rmdir(dir), 0, "%s: %s", dir, strerror(errno));
	return rc;
}

/* run_table() on the words given, NULL-terminated. */
static int
run_table_words(char *err, int *opened, ...)
{
	char *argv[16];
	int argc = 0, rc;
	va_list ap;

	va_start(ap, opened);
	for (const char *w; (w = va_arg(ap, const char *)) && argc < 15;)
		argv[argc++] = strdup(w);
	va_end(ap);
	argv[argc] = NULL;
	rc = run_table(argv, argc, err, opened);
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	return rc;
}

Test(cli, every_command_parser_takes_its_declared_options)
{
	for (int i = 0; cli_commands[i]; i++) {
		const struct cli_cmd *cmd = cli_commands[i];
		for (const struct cli_opt *o = cmd->opts; o && o->name; o++) {
			char opt[64], err[CASES_ERRMAX];
			int opened, rc;

			/* A value the option may refuse, but only as a
			 * value: the parser knows the option. */
			snprintf(opt, sizeof(opt), "--%s%s", o->name,
				 o->arg ? "=x" : "");
			rc = run_table_words(err, &opened, cmd->name, opt,
					     "--help", NULL);
			cr_expect(rc == CLI_DONE
					  || (rc == CASES_EINVAL
					      && !strstr(err, "unknown option")
					      && !strstr(err, "needs a value")),
				  "%s %s: %d %s", cmd->name, opt, rc, err);
			cr_expect_not(opened, "%s %s", cmd->name, opt);
			if (o->arg)
				continue;
			/* A flag takes no value. */
			snprintf(opt, sizeof(opt), "--%s=x", o->name);
			rc = run_table_words(err, &opened, cmd->name, opt,
					     "--help", NULL);
			cr_expect_eq(rc, CASES_EINVAL, "%s %s", cmd->name, opt);
			cr_expect(strstr(err, opt), "%s %s: %s", cmd->name, opt,
				  err);
		}
	}
}

Test(cli, every_verb_counts_its_operands_before_the_database)
{
	for (int i = 0; cli_commands[i]; i++) {
		const struct cli_cmd *cmd = cli_commands[i];
		for (const struct cli_verb *v = cmd->verbs; v && v->name; v++) {
			char *argv[8], err[CASES_ERRMAX], want[128];
			int argc = 0, opened, rc;

			/* What only shows, reads; the others change. */
			cr_expect_eq(v->store,
				     strcmp(v->name, "list") == 0
						     || strcmp(v->name, "show")
								== 0
					     ? CLI_READ
					     : CLI_WRITE,
				     "%s %s", cmd->name, v->name);
			argv[argc++] = (char *)cmd->name;
			argv[argc++] = (char *)v->name;
			if (v->operands.min > 0) {
				while (argc < 2 + v->operands.min - 1)
					argv[argc++] = "a";
				argv[argc] = NULL;
				rc = run_table(argv, argc, err, &opened);
				snprintf(want, sizeof(want), "missing %s",
					 v->operands.what);
				cr_expect_eq(rc, CASES_EINVAL, "%s %s",
					     cmd->name, v->name);
				cr_expect(strstr(err, want), "%s %s: %s",
					  cmd->name, v->name, err);
				cr_expect_not(opened);
			}
			if (v->operands.max < 0)
				continue;
			argc = 2;
			while (argc < 2 + v->operands.max)
				argv[argc++] = "a";
			argv[argc++] = "extra";
			argv[argc] = NULL;
			rc = run_table(argv, argc, err, &opened);
			cr_expect_eq(rc, CASES_EINVAL, "%s %s", cmd->name,
				     v->name);
			cr_expect(strstr(err, "unexpected argument 'extra'"),
				  "%s %s: %s", cmd->name, v->name, err);
			cr_expect_not(opened);
		}
	}
}

/* What each command checks before it opens the database. */
Test(cli, checks_that_need_no_database_come_first)
{
	static const struct {
		const char *words[8];
		const char *err;
	} cases[] = {
		{ { "plan", "add", "p", "--severity", "general" },
		  "'plan add' takes only --from" },
		{ { "plan", "set", "p" }, "nothing to change" },
		{ { "plan", "set", "p", "--severity", "general" },
		  "give --target DURATION or --deny with --severity" },
		{ { "plan", "set", "p", "--allow" },
		  "give one --category or --channel" },
		{ { "plan", "set", "p", "--allow", "--deny" },
		  "give one of --allow and --deny" },
		{ { "plan", "drop", "p" }, "unknown action 'drop'" },
		{ { "account", "add", "acme" }, "missing --plan" },
		{ { "account", "set", "acme" }, "nothing to change" },
		{ { "account", "list", "--calendar", "c", "--tz", "UTC" },
		  "give at most one of --calendar and --tz" },
		{ { "calendar", "add", "uk" }, "missing --tz ZONE" },
		{ { "calendar", "add", "uk", "--tz", "Nowhere/Atlantis" },
		  "Nowhere/Atlantis" },
		{ { "calendar", "holiday", "uk" }, "missing DATE" },
		{ { "calendar", "holiday", "uk", "--tz", "UTC", "2026-12-25" },
		  "takes only dates" },
		{ { "calendar", "holiday", "uk", "2026-13-01" }, "2026-13-01" },
		{ { "open", "--plan", "p", "--account", "a" },
		  "give exactly one of --plan and --account" },
		{ { "open", "--plan", "p" }, "missing --subject" },
		{ { "import", "--format", "aws", "in.json" },
		  "--format aws needs --plan P or --account A" },
		{ { "import", "--format=xml", "in" },
		  "unknown import format 'xml'" },
		{ { "import", "--history", "in.jsonl" },
		  "--history is for --format aws only" },
		{ { "import", "/nonexistent/cases-test/in.jsonl" },
		  "cannot read '/nonexistent/cases-test/in.jsonl'" },
		{ { "explain" }, "missing case ID" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *argv[8], err[CASES_ERRMAX];
		int argc = 0, opened, rc;

		while (cases[i].words[argc])
			argv[argc] = (char *)cases[i].words[argc], argc++;
		argv[argc] = NULL;
		rc = run_table(argv, argc, err, &opened);
		cr_expect_neq(rc, CASES_OK, "%s", cases[i].words[0]);
		cr_expect(strstr(err, cases[i].err), "%s...: %s (want %s)",
			  cases[i].words[0], err, cases[i].err);
		cr_expect_not(opened, "%s %s opened the database",
			      cases[i].words[0], cases[i].words[1]);
	}
}
