/*
 * keys.c - the keys of `cases serve`: made, listed through the store,
 * revoked (keys.h).
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "cases/case.h"
#include "cases/keys.h"
#include "cases/sigv4.h"
#include "cases/store.h"

static_assert(SIGV4_KEYID_LEN <= STORE_KEYID_MAX, "room for a key id");
static_assert(SIGV4_SECRET_LEN <= STORE_SECRET_MAX, "room for a secret");

/* A key id as sigv4 accepts one: 1..128 of [A-Za-z0-9]. */
static int
id_check(const char *id, char *err)
{
	size_t n = strlen(id);

	if (n == 0 || n > SIGV4_KEYID_MAX)
		goto bad;
	for (size_t i = 0; i < n; i++) {
		char c = id[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
		      || (c >= '0' && c <= '9')))
			goto bad;
	}
	return CASES_OK;
bad:
	return cases_errf(err, CASES_EINVAL,
			  "invalid key id '%.64s' (expected an access key id "
			  "such as CKIA..., see 'cases key list')",
			  id);
}

/* An e-mail address as submittedBy shows it between < and >: one line,
 * no spaces or angle brackets, a local part and a domain around one @. */
static int
email_check(const char *s, char *err)
{
	const char *at = strchr(s, '@');
	size_t n = strlen(s);

	if (n == 0 || n > STORE_KEYNAME_MAX || !at || at == s || !at[1]
	    || strchr(at + 1, '@') || strpbrk(s, " \t\r\n<>,"))
		return cases_errf(err, CASES_EINVAL,
				  "invalid e-mail address '%.64s' (expected "
				  "one address such as jane@example.com)",
				  s);
	return CASES_OK;
}

int
keys_add(struct store *st, const char *account, const char *staff, int64_t now,
	 struct key_rec *out, char *err)
{
	return keys_add_as(st, account, staff, NULL, NULL, now, out, err);
}

int
keys_add_as(struct store *st, const char *account, const char *staff,
	    const char *name, const char *email, int64_t now,
	    struct key_rec *out, char *err)
{
	struct account_rec a = { 0 };
	int rc;

	memset(out, 0, sizeof(*out));
	out->revoked_at = CASE_NONE;
	if (!account == !staff)
		return cases_errf(err, CASES_EINVAL,
				  "a key is an account's or a staff "
				  "member's: give --account A or --staff "
				  "NAME");
	if (staff && (name || email))
		return cases_errf(err, CASES_EINVAL,
				  "--name and --email are a customer key's "
				  "(a staff key's communications show the "
				  "desk's name, serve --staff-name)");
	if (name) {
		/* at most 128 bytes: STORE_KEYNAME_MAX */
		rc = case_name_check(name, "key name", err);
		if (rc)
			return rc;
		snprintf(out->name, sizeof(out->name), "%s", name);
	}
	if (email) {
		rc = email_check(email, err);
		if (rc)
			return rc;
		snprintf(out->email, sizeof(out->email), "%s", email);
	}
	if (account) {
		rc = store_account_get(st, account, &a, err);
		if (rc)
			return rc;
		out->account_id = a.id;
		account_rec_release(&a);
	} else {
		rc = case_name_check(staff, "staff name", err);
		if (rc)
			return rc;
		snprintf(out->staff, sizeof(out->staff), "%s", staff);
	}
	rc = sigv4_key_new(out->id, out->secret, err);
	if (rc)
		return rc;
	out->created_at = now;
	rc = store_key_add(st, out, err);
	if (rc == CASES_OK && out->account_id)
		out->account = store_account_name(st, out->account_id);
	return rc;
}

int
keys_revoke(struct store *st, const char *id, int64_t now, char *err)
{
	int rc = id_check(id, err);

	if (rc == CASES_OK)
		rc = store_key_revoke(st, id, now, err);
	return rc;
}

int
keys_lookup(struct store *st, const char *id, struct key_rec *out, char *err)
{
	int rc = store_key_get(st, id, out, err);

	if (rc == CASES_OK && out->revoked_at != CASE_NONE) {
		memset(out->secret, 0, sizeof(out->secret));
		return cases_errf(err, CASES_ENOTFOUND, "key '%s' is revoked",
				  id);
	}
	return rc;
}

void
keys_submitted_by(const struct key_rec *k, char *buf, size_t n)
{
	const char *name = k->name[0] ? k->name : k->account ? k->account : "";

	if (k->email[0])
		snprintf(buf, n, "%s <%s>", name, k->email);
	else
		snprintf(buf, n, "%s", name);
}
