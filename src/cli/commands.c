/*
 * commands.c - the table of subcommands (git's commands[], tmux's
 * cmd_table). Adding a command: one cmd-NAME.c file and one row here.
 */
#include <string.h>
#include <strings.h>

#include "cases/suggest.h"
#include "cli.h"

extern const struct cli_cmd cmd_open, cmd_show, cmd_list, cmd_respond,
	cmd_escalate, cmd_resolve, cmd_reopen, cmd_overdue, cmd_due, cmd_plans,
	cmd_plan, cmd_account, cmd_calendar, cmd_check, cmd_explain, cmd_backup,
	cmd_restore, cmd_help, cmd_note, cmd_assign, cmd_edit, cmd_delete,
	cmd_deleted;

extern const struct cli_cmd cmd_report, cmd_export, cmd_import;
extern const struct cli_cmd cmd_queue;

extern const struct cli_cmd cmd_key, cmd_serve;

const struct cli_cmd *const cli_commands[] = {
	/* One a line, so that additions merge. */
	/* clang-format off */
	&cmd_queue,
	&cmd_open,
	&cmd_show,
	&cmd_list,
	&cmd_respond,
	&cmd_note,
	&cmd_assign,
	&cmd_edit,
	&cmd_escalate,
	&cmd_resolve,
	&cmd_reopen,
	&cmd_delete,
	&cmd_deleted,
	&cmd_overdue,
	&cmd_due,
	&cmd_plans,
	&cmd_plan,
	&cmd_account,
	&cmd_report,
	&cmd_export,
	&cmd_import,
	&cmd_calendar,
	&cmd_check,
	&cmd_explain,
	&cmd_backup,
	&cmd_restore,
	&cmd_key,
	&cmd_serve,
	&cmd_help,
	NULL,
	/* clang-format on */
};

const struct cli_cmd *
cli_find(const char *name)
{
	for (int i = 0; cli_commands[i]; i++) {
		if (strcmp(cli_commands[i]->name, name) == 0)
			return cli_commands[i];
	}
	return NULL;
}

/* Words other trackers use for what a command of ours does (gh, Jira,
 * Taskwarrior): offered, never run in its place. */
static const struct {
	const char *word, *command;
} other_words[] = {
	{ "close", "resolve" },	   { "create", "open" },
	{ "new", "open" },	   { "add", "open" },
	{ "reply", "respond" },	   { "answer", "respond" },
	{ "ls", "list" },	   { "view", "show" },
	{ "upgrade", "escalate" }, { "sla", "overdue" },
};

int
cli_unknown_command(const char *name, char *err)
{
	char dym[SUGGEST_PHRASE_MAX];

	return cases_errf(err, CASES_EINVAL,
			  "unknown command '%.100s' (%ssee 'cases help')", name,
			  suggest_phrase(cli_nearest_command(name), dym));
}

const char *
cli_nearest_command(const char *name)
{
	struct suggest sg;

	for (size_t i = 0; i < sizeof(other_words) / sizeof(other_words[0]);
	     i++)
		if (strcasecmp(name, other_words[i].word) == 0)
			return other_words[i].command;
	suggest_init(&sg, name);
	for (int i = 0; cli_commands[i]; i++)
		suggest_add(&sg, cli_commands[i]->name);
	return suggest_best(&sg) ? cli_find(suggest_best(&sg))->name : NULL;
}
