/*
 * cmd-key.c - `cases key add|list|revoke`: the keys of `cases serve`.
 */
#include <string.h>

#include "cases/keys.h"
#include "cases/store.h"
#include "cli.h"

struct key_args {
	const char *account;
	const char *staff;
	const char *name;
	const char *email;
};

enum { O_ACCOUNT = OPT_FIRST_CMD, O_STAFF, O_NAME, O_EMAIL };

static const struct cli_opt key_opts[] = {
	{ "account", O_ACCOUNT, "A",
	  "add: a key of customer account A: it sees and changes A's cases "
	  "only" },
	{ "staff", O_STAFF, "NAME",
	  "add: a key of support staff member NAME: it sees every case, and "
	  "its communications are responses" },
	{ "name", O_NAME, "NAME",
	  "add: whom a customer's key speaks for, shown in its "
	  "communications' submittedBy as AWS shows a role or IAM user "
	  "(e.g. 'AdminRole (Role)'; default the account's name)" },
	{ "email", O_EMAIL, "ADDRESS",
	  "add: the e-mail address shown after the name in submittedBy: "
	  "'NAME <ADDRESS>'" },
	CLI_OPT_END,
};

static int
key_opt(struct cli_ctx *ctx, int code, const char *value, void *args)
{
	struct key_args *a = args;

	if (code == O_ACCOUNT)
		a->account = value;
	else if (code == O_STAFF)
		a->staff = value;
	else if (code == O_NAME)
		a->name = value;
	else
		a->email = value;
	return CASES_OK;
}

static const struct out_col key_cols[] = {
	{ "key_id", "KEY ID", COL_STR, 0 },
	{ "secret", "SECRET", COL_STR, 0 },
	{ "account", "ACCOUNT", COL_STR, COL_SHRINK },
	{ "staff", "STAFF", COL_STR, COL_SHRINK },
	{ "created_at", "CREATED", COL_TIME, 0 },
	{ "revoked_at", "REVOKED", COL_TIME, 0 },
	{ "submitted_by", "SUBMITTED BY", COL_STR, COL_SHRINK },
};
#define KEY_NCOLS ((int)(sizeof(key_cols) / sizeof(key_cols[0])))

/* The same without the secret: what list and revoke show. */
static const struct out_col list_cols[] = {
	{ "key_id", "KEY ID", COL_STR, 0 },
	{ "account", "ACCOUNT", COL_STR, COL_SHRINK },
	{ "staff", "STAFF", COL_STR, COL_SHRINK },
	{ "created_at", "CREATED", COL_TIME, 0 },
	{ "revoked_at", "REVOKED", COL_TIME, 0 },
	{ "submitted_by", "SUBMITTED BY", COL_STR, COL_SHRINK },
};
#define LIST_NCOLS ((int)(sizeof(list_cols) / sizeof(list_cols[0])))

/* One key; with_secret 0 for list_cols. */
static void
key_row(struct out *o, const struct key_rec *k, int with_secret)
{
	out_str(o, k->id);
	if (with_secret)
		out_str(o, k->secret);
	out_str(o, k->account_id ? k->account : NULL);
	out_str(o, k->account_id ? NULL : k->staff);
	out_time(o, k->created_at);
	out_time(o, k->revoked_at);
	if (k->account_id) {
		char by[2 * STORE_KEYNAME_MAX + 4];
		keys_submitted_by(k, by, sizeof(by));
		out_str(o, by);
	} else {
		out_str(o, NULL);
	}
	out_row_end(o);
}

static int
check_add(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct key_args *a = args;

	if (!a->account == !a->staff)
		return cli_usage_error(ctx, "give --account A or --staff NAME "
					    "(one of them)");
	return CASES_OK;
}

static int
exec_add(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct key_args *a = args;
	struct key_rec k;
	struct out *o;
	int rc = keys_add_as(ctx->st, a->account, a->staff, a->name, a->email,
			     ctx->now, &k, ctx->err);

	if (rc)
		return rc;
	o = cli_out_new(ctx, key_cols, KEY_NCOLS, 1);
	if (o)
		key_row(o, &k, 1);
	memset(k.secret, 0, sizeof(k.secret));
	return cli_out_free(ctx, o);
}

static int
list_row(void *arg, const struct key_rec *k)
{
	key_row(arg, k, 0);
	return 0;
}

static int
exec_list(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct out *o = cli_out_new(ctx, list_cols, LIST_NCOLS, 0);
	int rc;

	if (!o)
		return cli_out_free(ctx, o);
	rc = store_key_each(ctx->st, list_row, o, ctx->err);
	if (rc) {
		out_free(o);
		return rc;
	}
	return cli_out_free(ctx, o);
}

static int
exec_revoke(struct cli_ctx *ctx, void *args, int argc, char **argv)
{
	struct key_rec k;
	struct out *o;
	int rc = keys_revoke(ctx->st, argv[0], ctx->now, ctx->err);

	if (rc == CASES_OK)
		rc = store_key_get(ctx->st, argv[0], &k, ctx->err);
	if (rc)
		return rc;
	o = cli_out_new(ctx, list_cols, LIST_NCOLS, 1);
	if (o)
		key_row(o, &k, 0);
	return cli_out_free(ctx, o);
}

static const struct cli_verb key_verbs[] = {
	{ "add", { 0, 0, NULL }, CLI_WRITE, check_add, exec_add },
	{ "list", { 0, 0, NULL }, CLI_READ, NULL, exec_list },
	{ "revoke", { 1, 1, "key ID" }, CLI_WRITE, NULL, exec_revoke },
	{ NULL },
};

const struct cli_cmd cmd_key = {
	.name = "key",
	.usage = "key add (--account A [--name NAME] [--email ADDRESS]\n"
		 "                    | --staff NAME)\n"
		 "           | key list | key revoke ID",
	.summary = "make, list and revoke the keys of 'cases serve'",
	.about = "'key add' makes an access key id and its secret, for a "
		 "customer account (--account: the key sees and changes that "
		 "account's cases only, and only when its plan includes the "
		 "api channel) or for a member of the support staff (--staff: "
		 "every case; its communications are responses). The secret "
		 "is printed once, now: give it to the key's owner, who sets "
		 "it as aws_secret_access_key.\n\n"
		 "'key list' shows every key, never a secret. 'key revoke ID' "
		 "refuses the key from the next request on; a revoked key is "
		 "kept in the list.",
	.notes = "The database holds the secrets (SigV4 needs them to verify "
		 "a signature): it is created mode 0600; keep it and its "
		 "backups private.",
	.example = "cases key add --account acme\n"
		   "cases key add --staff 'Ana Lima'\n"
		   "cases key revoke CKIAQ2VJ7RTXW4M3LNBA",
	.opts = key_opts,
	.args_size = sizeof(struct key_args),
	.opt = key_opt,
	.verbs = key_verbs,
};
