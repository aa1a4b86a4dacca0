/*
 * record.h - the case record: its fields, its status and its id.
 *
 * A plain type that depends on nothing: the store reads and writes it, the
 * rules (case.h) apply the lifecycle to it, the program prints it. Fields
 * and statuses are described in docs/domain.md sections 8 to 10.
 */
#ifndef CASES_RECORD_H
#define CASES_RECORD_H

#include <stdint.h>

#include "cases/error.h"

/* The absent value of every instant and duration field. */
#define CASE_NONE INT64_MIN

#define CASE_ID_LEN 37 /* canonical UUID text + NUL */

/* The longest subject (and note) in bytes. */
#define CASE_SUBJECT_MAX 4096

enum case_status {
	CASE_OPEN = 0,	/* no first response yet */
	CASE_RESPONDED, /* first response recorded */
	CASE_RESOLVED,
};

/*
 * A case. Strings are owned by the record when it came from case_get(), a
 * lifecycle call or case_rec_copy() (free with case_rec_release());
 * records passed to a query callback borrow them for the duration of the
 * call only.
 */
struct case_rec {
	int64_t rowid;
	unsigned char uuid[16];
	char id[CASE_ID_LEN];
	char *external_id;   /* NULL: none */
	int64_t account_id;  /* 0: none */
	const char *account; /* borrowed from the store's name cache */
	int64_t plan_id;
	int64_t plan_ver;
	const char *plan; /* borrowed from the store's name cache */
	int64_t cal_ver;
	int severity;
	int category;
	int channel;
	char *subject;
	int64_t opened_at;
	int64_t target_s; /* CASE_NONE: no target */
	int clock;
	int64_t due_at;
	int64_t first_response_at;
	int64_t resolved_at;
	int64_t breached_at;
	int64_t warned_at;
	char *assignee; /* who works it; NULL: nobody (docs/domain.md) */
};

/* Every field zero or absent (CASE_NONE). */
void case_rec_init(struct case_rec *c);
/* Free the strings of an owned record and init it again. */
void case_rec_release(struct case_rec *c);
/* Copy a record (borrowed or owned) into an owned one: CASES_OK, or
 * CASES_ENOMEM with *to released (err is not set). */
int case_rec_copy(const struct case_rec *from,
		  struct case_rec *to) CASES_MUST_CHECK;

enum case_status case_status(const struct case_rec *c);
const char *case_status_name(enum case_status s);
/* Parse open|responded|resolved|all; all is returned as -1. */
int case_status_parse(const char *s, int *status, char *err) CASES_MUST_CHECK;

/* Canonical lowercase text of a 16-byte UUID into id (CASE_ID_LEN). */
void case_uuid_format(const unsigned char uuid[16], char *id);

#endif
