/*
 * error.h - status codes and the error buffer shared by every module.
 *
 * Library functions return one of these codes and, on failure, describe the
 * problem in a caller-provided buffer of CASES_ERRMAX bytes (may be NULL).
 * Only the CLI's main() turns a status into an exit code.
 */
#ifndef CASES_ERROR_H
#define CASES_ERROR_H

#include <stddef.h>

enum cases_status {
	CASES_OK = 0,
	CASES_EINVAL,	 /* bad input or usage: exit 2 */
	CASES_ENOTFOUND, /* unknown case, account, plan or calendar: exit 3 */
	CASES_EDB,	 /* database failure, busy, corrupt or newer: exit 1 */
	CASES_EIO,	 /* file or system I/O failure: exit 1 */
	CASES_ENOMEM,	 /* out of memory: exit 1 */
};

#define CASES_ERRMAX 512

/*
 * On the declaration of every library function that returns a status: a
 * caller that drops the status is a compile error under -Werror (curl's
 * WARN_UNUSED_RESULT). A cast to void does not silence it: handle it.
 * cases_errf() (and the store's store_dberr()) are the exception: they
 * return the status they are given so that `return cases_errf(...)`
 * reads well, and are often called for their message alone.
 */
#if defined(__GNUC__) || defined(__clang__)
#define CASES_MUST_CHECK __attribute__((warn_unused_result))
#else
#define CASES_MUST_CHECK
#endif

/*
 * Format a message into err (when err is not NULL) and return code, so that
 * callers can write `return cases_errf(err, CASES_EINVAL, "bad '%s'", s);`.
 * The message is lowercase, without the "cases: " prefix or a full stop.
 */
int cases_errf(char *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The exit status docs/formats.md 9 gives for a status code. */
int cases_exit_code(int status);

#endif
