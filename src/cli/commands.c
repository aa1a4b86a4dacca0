/*
 * commands.c - the table of subcommands (git's commands[], tmux's
 * cmd_table). Adding a command: one cmd-NAME.c file and one row here.
 */
#include <string.h>

#include "cli.h"

extern const struct cli_cmd cmd_open, cmd_show, cmd_list, cmd_respond,
	cmd_escalate, cmd_resolve, cmd_reopen, cmd_overdue, cmd_due, cmd_plans,
	cmd_plan, cmd_account, cmd_calendar, cmd_check, cmd_explain, cmd_backup,
	cmd_restore, cmd_help;

extern const struct cli_cmd cmd_report, cmd_export, cmd_import;

const struct cli_cmd *const cli_commands[] = {
	&cmd_open,     &cmd_show,    &cmd_list,	   &cmd_respond, &cmd_escalate,
	&cmd_resolve,  &cmd_reopen,  &cmd_overdue, &cmd_due,	 &cmd_plans,
	&cmd_plan,     &cmd_account, &cmd_report,  &cmd_export,	 &cmd_import,
	&cmd_calendar, &cmd_check,   &cmd_explain, &cmd_backup,	 &cmd_restore,
	&cmd_help,     NULL,
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
