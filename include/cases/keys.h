/*
 * keys.h - the keys of `cases serve` (the AWS Support API): who may call
 * it and as whom.
 *
 * A key is an AWS-shaped access key id and secret (sigv4_key_new()). A
 * customer's key belongs to an account and sees that account's cases
 * only; a staff key belongs to a member of the support team, sees every
 * case, and what it writes are responses. The secret is shown once, when
 * the key is made; the database keeps it (SigV4 needs it to verify), so
 * the database file holds secrets and stays mode 0600. Functions run
 * inside the caller's transaction and write nothing when they fail.
 */
#ifndef CASES_KEYS_H
#define CASES_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "cases/error.h"
#include "cases/store.h"

struct store;

/*
 * Make a key for account `account` (an account name) or for staff member
 * `staff` (a name, case_name_check()): exactly one of them. *out is the
 * new key, secret included. CASES_EINVAL when both or neither are given
 * or the name is bad, CASES_ENOTFOUND for an unknown account, CASES_EIO
 * when the random generator fails.
 */
int keys_add(struct store *st, const char *account, const char *staff,
	     int64_t now, struct key_rec *out, char *err) CASES_MUST_CHECK;

/* The same; a customer's key may also say whom it speaks for, as AWS
 * shows a communication's submittedBy: name (case_name_check(), such as
 * "AdminRole (Role)") and email (one address); NULL: not given. Both are
 * CASES_EINVAL on a staff key. */
int keys_add_as(struct store *st, const char *account, const char *staff,
		const char *name, const char *email, int64_t now,
		struct key_rec *out, char *err) CASES_MUST_CHECK;

/* Revoke key id at now: from then on it is refused like an unknown key.
 * CASES_EINVAL for a malformed id or a key revoked already,
 * CASES_ENOTFOUND for an unknown one. */
int keys_revoke(struct store *st, const char *id, int64_t now,
		char *err) CASES_MUST_CHECK;

/* The key the server accepts for id: CASES_OK with *out filled when it
 * exists and is not revoked; CASES_ENOTFOUND otherwise (revoked and
 * unknown keys are one answer, as AWS gives it). */
int keys_lookup(struct store *st, const char *id, struct key_rec *out,
		char *err) CASES_MUST_CHECK;

/* What a customer's communications show as their submittedBy, as AWS
 * shows it (botocore's model: "AdminRole (Role) <janedoe@example.com>"):
 * "NAME <EMAIL>", NAME the key's (keys_add_as) or else its account's
 * name; NAME alone without an e-mail address. */
void keys_submitted_by(const struct key_rec *k, char *buf, size_t n);

#endif
