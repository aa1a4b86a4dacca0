/*
 * error.c - error buffer formatting and the status-to-exit-code map.
 */
#include <stdarg.h>
#include <stdio.h>

#include "cases/error.h"

int
cases_errf(char *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		va_start(ap, fmt);
		vsnprintf(err, CASES_ERRMAX, fmt, ap);
		va_end(ap);
	}
	return code;
}

int
cases_exit_code(int status)
{
	switch (status) {
	case CASES_OK:
		return 0;
	case CASES_EINVAL:
		return 2;
	case CASES_ENOTFOUND:
		return 3;
	default:
		return 1;
	}
}
