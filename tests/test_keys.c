/*
 * test_keys.c - the keys of `cases serve` (keys.c): made for an account
 * or a staff member, never both, looked up until revoked; and the author
 * of the events the API writes (case_respond_by, case_note_by).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "cases/case.h"
#include "cases/catalog.h"
#include "cases/error.h"
#include "cases/keys.h"
#include "cases/store.h"

static struct store *st;
static char err[CASES_ERRMAX];

static void
setup(void)
{
	cr_assert_eq(store_open(NULL, &st, err), CASES_OK, "%s", err);
	cr_assert_eq(store_begin(st, 1, err), CASES_OK, "%s", err);
	cr_assert_eq(
		catalog_account_add(st, "acme", "business", NULL, NULL, 0, err),
		CASES_OK, "%s", err);
}

static void
teardown(void)
{
	store_rollback(st);
	store_close(st);
	st = NULL;
}

static int
count_key(void *arg, const struct key_rec *k)
{
	(*(int *)arg)++;
	return 0;
}

static int
nkeys(void)
{
	int n = 0;

	cr_assert_eq(store_key_each(st, count_key, &n, err), CASES_OK, "%s",
		     err);
	return n;
}

Test(keys, account_key_is_looked_up_with_its_secret, .init = setup,
     .fini = teardown)
{
	struct key_rec k, got;

	cr_assert_eq(keys_add(st, "acme", NULL, 100, &k, err), CASES_OK, "%s",
		     err);
	cr_assert_eq(strlen(k.id), 20);
	cr_assert_eq(strncmp(k.id, "CKIA", 4), 0);
	cr_assert_eq(strlen(k.secret), 40);
	cr_assert_str_eq(k.account, "acme");
	cr_assert_eq(keys_lookup(st, k.id, &got, err), CASES_OK, "%s", err);
	cr_assert_str_eq(got.secret, k.secret);
	cr_assert_eq(got.account_id, k.account_id);
	cr_assert_str_eq(got.account, "acme");
	cr_assert_str_eq(got.staff, "");
	cr_assert_eq(got.created_at, 100);
	cr_assert_eq(got.revoked_at, CASE_NONE);
}

Test(keys, staff_key_and_two_keys_differ, .init = setup, .fini = teardown)
{
	struct key_rec a, b;

	cr_assert_eq(keys_add(st, NULL, "Ana Lima", 0, &a, err), CASES_OK, "%s",
		     err);
	cr_assert_eq(keys_add(st, NULL, "Ana Lima", 0, &b, err), CASES_OK, "%s",
		     err);
	cr_assert_str_neq(a.id, b.id);
	cr_assert_str_neq(a.secret, b.secret);
	cr_assert_eq(a.account_id, 0);
	cr_assert_str_eq(a.staff, "Ana Lima");
	cr_assert_eq(nkeys(), 2);
}

Test(keys, account_xor_staff, .init = setup, .fini = teardown)
{
	struct key_rec k;

	cr_assert_eq(keys_add(st, "acme", "Ana", 0, &k, err), CASES_EINVAL);
	cr_assert(strstr(err, "--account A or --staff NAME"), "%s", err);
	cr_assert_eq(keys_add(st, NULL, NULL, 0, &k, err), CASES_EINVAL);
	cr_assert_eq(keys_add(st, "nope", NULL, 0, &k, err), CASES_ENOTFOUND);
	cr_assert(strstr(err, "unknown account 'nope'"), "%s", err);
	cr_assert_eq(keys_add(st, NULL, "", 0, &k, err), CASES_EINVAL);
	cr_assert_eq(keys_add(st, NULL, "a\nb", 0, &k, err), CASES_EINVAL);
	cr_assert_eq(nkeys(), 0);
}

Test(keys, revoked_key_is_refused_and_kept, .init = setup, .fini = teardown)
{
	struct key_rec k, got;

	cr_assert_eq(keys_add(st, "acme", NULL, 0, &k, err), CASES_OK, "%s",
		     err);
	cr_assert_eq(keys_revoke(st, k.id, 50, err), CASES_OK, "%s", err);
	cr_assert_eq(keys_lookup(st, k.id, &got, err), CASES_ENOTFOUND);
	cr_assert_str_eq(got.secret, "");
	cr_assert_eq(store_key_get(st, k.id, &got, err), CASES_OK);
	cr_assert_eq(got.revoked_at, 50);
	cr_assert_eq(keys_revoke(st, k.id, 60, err), CASES_EINVAL);
	cr_assert(strstr(err, "revoked already"), "%s", err);
	cr_assert_eq(keys_revoke(st, "CKIANOSUCHKEY0000000", 60, err),
		     CASES_ENOTFOUND);
	cr_assert_eq(keys_revoke(st, "bad id!", 60, err), CASES_EINVAL);
	cr_assert_eq(keys_lookup(st, "CKIANOSUCHKEY0000000", &got, err),
		     CASES_ENOTFOUND);
	cr_assert_eq(nkeys(), 1);
}

Test(keys, only_a_taken_id_is_already_exists, .init = setup, .fini = teardown)
{
	struct key_rec k, dup;

	cr_assert_eq(keys_add(st, "acme", NULL, 0, &k, err), CASES_OK, "%s",
		     err);
	dup = k;
	cr_assert_eq(store_key_add(st, &dup, err), CASES_EINVAL);
	cr_assert(strstr(err, "already exists"), "%s", err);
	/* Another constraint (the account's foreign key) is no taken id. */
	snprintf(dup.id, sizeof(dup.id), "CKIAOTHER");
	dup.account_id = 999;
	cr_assert_eq(store_key_add(st, &dup, err), CASES_EDB);
	cr_assert(!strstr(err, "already exists"), "%s", err);
	cr_assert(strstr(err, "FOREIGN KEY"), "%s", err);
	cr_assert_eq(nkeys(), 1);
}

Test(keys, a_customer_key_says_whom_it_speaks_for, .init = setup,
     .fini = teardown)
{
	struct key_rec k, got;
	char by[300];

	cr_assert_eq(keys_add_as(st, "acme", NULL, "AdminRole (Role)",
				 "jane@example.com", 0, &k, err),
		     CASES_OK, "%s", err);
	cr_assert_eq(keys_lookup(st, k.id, &got, err), CASES_OK, "%s", err);
	keys_submitted_by(&got, by, sizeof(by));
	cr_assert_str_eq(by, "AdminRole (Role) <jane@example.com>");
	cr_assert_eq(keys_add_as(st, "acme", NULL, NULL, "ops@acme.test", 0, &k,
				 err),
		     CASES_OK, "%s", err);
	cr_assert_eq(keys_lookup(st, k.id, &got, err), CASES_OK, "%s", err);
	keys_submitted_by(&got, by, sizeof(by));
	cr_assert_str_eq(by, "acme <ops@acme.test>");
	cr_assert_eq(keys_add(st, "acme", NULL, 0, &k, err), CASES_OK, "%s",
		     err);
	cr_assert_eq(keys_lookup(st, k.id, &got, err), CASES_OK, "%s", err);
	keys_submitted_by(&got, by, sizeof(by));
	cr_assert_str_eq(by, "acme");
	/* Refused: a staff key's, a bad address, a bad name. */
	cr_assert_eq(keys_add_as(st, NULL, "Ana", "x", NULL, 0, &k, err),
		     CASES_EINVAL);
	cr_assert(strstr(err, "customer key"), "%s", err);
	for (const char *const *e =
		     (const char *const[]){ "jane", "@x", "jane@", "a@b@c",
					    "a b@c", "<a@b>", NULL };
	     *e; e++) {
		cr_assert_eq(
			keys_add_as(st, "acme", NULL, NULL, *e, 0, &k, err),
			CASES_EINVAL, "%s", *e);
		cr_assert(strstr(err, "invalid e-mail address"), "%s", err);
	}
	cr_assert_eq(keys_add_as(st, "acme", NULL, "a\nb", NULL, 0, &k, err),
		     CASES_EINVAL);
	cr_assert_eq(nkeys(), 3);
}

struct authors {
	char kinds[8][16];
	char who[8][32];
	int customer[8];
	int n;
};

static int
event_author(void *arg, const struct event_rec *e)
{
	struct authors *a = arg;

	if (a->n < 8) {
		snprintf(a->kinds[a->n], 16, "%s", e->kind);
		snprintf(a->who[a->n], 32, "%s", e->author ? e->author : "-");
		a->customer[a->n] = e->customer;
		a->n++;
	}
	return 0;
}

Test(keys, events_say_who_wrote_them, .init = setup, .fini = teardown)
{
	struct case_open_req req = { .account = "acme",
				     .subject = "s",
				     .severity = SEV_GENERAL,
				     .category = CAT_TECHNICAL,
				     .channel = CH_API,
				     .opened_at = 1000 };
	struct case_rec c;
	struct authors a = { 0 };
	int first;

	cr_assert_eq(case_open(st, &req, &c, err), CASES_OK, "%s", err);
	cr_assert_eq(case_note_by(st, &c, 1000, "help", "acme", err), CASES_OK,
		     "%s", err);
	cr_assert_eq(
		case_respond_by(st, &c, 1100, "hi", "Support", &first, err),
		CASES_OK, "%s", err);
	cr_assert_eq(first, 1);
	cr_assert_eq(c.first_response_at, 1100);
	cr_assert_eq(case_respond_by(st, &c, 1200, "more", "Ana", &first, err),
		     CASES_OK, "%s", err);
	cr_assert_eq(first, 0);
	cr_assert_eq(case_respond(st, &c, 1300, NULL, &first, err), CASES_OK);
	cr_assert_eq(store_event_each(st, c.rowid, event_author, &a, err),
		     CASES_OK);
	cr_assert_eq(a.n, 5);
	cr_assert_str_eq(a.kinds[0], "opened");
	cr_assert_str_eq(a.who[0], "-");
	cr_assert_str_eq(a.who[1], "acme");
	cr_assert_str_eq(a.kinds[2], "responded");
	cr_assert_str_eq(a.who[2], "Support");
	cr_assert_str_eq(a.kinds[3], "note");
	cr_assert_str_eq(a.who[3], "Ana");
	cr_assert_str_eq(a.who[4], "-");
	case_rec_release(&c);
}

Test(keys, the_customers_notes_are_marked, .init = setup, .fini = teardown)
{
	struct case_open_req req = { .account = "acme",
				     .subject = "s",
				     .severity = SEV_GENERAL,
				     .category = CAT_TECHNICAL,
				     .channel = CH_API,
				     .opened_at = 1000 };
	struct case_rec c;
	struct authors a = { 0 };

	cr_assert_eq(case_open(st, &req, &c, err), CASES_OK, "%s", err);
	cr_assert_eq(case_note_customer(st, &c, 1000, "help",
					"AdminRole (Role) <j@acme.test>", err),
		     CASES_OK, "%s", err);
	/* A desk member whose name is the account's is still the desk. */
	cr_assert_eq(case_note_by(st, &c, 1100, "looking", "acme", err),
		     CASES_OK, "%s", err);
	cr_assert_eq(case_note_customer(st, &c, 1200, "", "acme", err),
		     CASES_EINVAL);
	cr_assert_eq(store_event_each(st, c.rowid, event_author, &a, err),
		     CASES_OK);
	cr_assert_eq(a.n, 3);
	cr_assert_eq(a.customer[0], 0);
	cr_assert_str_eq(a.who[1], "AdminRole (Role) <j@acme.test>");
	cr_assert_eq(a.customer[1], 1);
	cr_assert_str_eq(a.who[2], "acme");
	cr_assert_eq(a.customer[2], 0);
	case_rec_release(&c);
}
