/*
 * calcache.h - calendar versions, fetched and loaded once.
 *
 * A case keeps the calendar version it was opened under (docs/domain.md
 * section 10, docs/storage.md section 5): whatever needs that calendar -
 * a business-hours deadline (case.c, the importers), business time
 * elapsed (check.c), the steps of `explain` or the hours `show` prints -
 * asks this cache, which fetches the version from the store and loads it
 * (calendar_load) the first time only. A small LRU of CALCACHE_SLOTS
 * versions, owned by the caller, for the life of one command or run; it
 * borrows the store.
 *
 * A version that cannot be loaded (its zone is gone from TZDIR, say) is
 * remembered with its reason: asking again fails the same way at no cost,
 * and calcache_failures() lists them with how many requests each failed.
 */
#ifndef CASES_CALCACHE_H
#define CASES_CALCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "cases/calendar.h"
#include "cases/error.h"
#include "cases/store.h"

#define CALCACHE_SLOTS 8

struct calcache_entry {
	int64_t ver;
	unsigned long used;	    /* LRU clock of the last request */
	struct cal_rec rec;	    /* the stored text: tz, hours, holidays */
	int loaded;		    /* cal is valid */
	struct calendar_buf buf;    /* loaded from rec */
	const struct calendar *cal; /* &buf.cal once loaded, else NULL */
};

/* A version that could not be loaded. */
struct calcache_fail {
	int64_t ver;
	size_t n; /* requests that failed on it */
	char why[CASES_ERRMAX];
};

struct calcache {
	struct store *st;
	struct calcache_entry slot[CALCACHE_SLOTS];
	int n;
	unsigned long clock;
	struct calcache_fail *fail;
	size_t nfail, capfail;
};

/* An empty cache over st (borrowed; it must outlive the cache). */
void calcache_init(struct calcache *cc, struct store *st);
void calcache_release(struct calcache *cc);

/*
 * Calendar version ver: its stored text, and (load != 0) the calendar
 * loaded from it. *out is borrowed until the next call on cc. Errors: the
 * store's (CASES_EDB, also for a version that is not stored: cases refer
 * to versions by foreign key, so a missing one is damage), and with
 * load, CASES_EINVAL when the text cannot be loaded (remembered, see
 * above) or CASES_ENOMEM.
 */
int calcache_get(struct calcache *cc, int64_t ver, int load,
		 const struct calcache_entry **out, char *err) CASES_MUST_CHECK;

/* The loaded calendar of version ver (borrowed as above); errors as
 * calcache_get() with load. */
int calcache_calendar(struct calcache *cc, int64_t ver,
		      const struct calendar **out, char *err) CASES_MUST_CHECK;

/* The versions that could not be loaded so far, in the order they first
 * failed, in *out (borrowed); returns how many. */
size_t calcache_failures(const struct calcache *cc,
			 const struct calcache_fail **out);

#endif
