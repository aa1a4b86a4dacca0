/*
 * calcache.c - calendar versions fetched and loaded once (calcache.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases/calcache.h"
#include "cases/calendar.h"
#include "cases/error.h"
#include "cases/store.h"

void
calcache_init(struct calcache *cc, struct store *st)
{
	memset(cc, 0, sizeof(*cc));
	cc->st = st;
}

static void
entry_release(struct calcache_entry *e)
{
	cal_rec_release(&e->rec);
	if (e->loaded)
		calendar_buf_release(&e->buf);
	memset(e, 0, sizeof(*e));
}

void
calcache_release(struct calcache *cc)
{
	for (int i = 0; i < cc->n; i++)
		entry_release(&cc->slot[i]);
	free(cc->fail);
	memset(cc, 0, sizeof(*cc));
}

static struct calcache_fail *
fail_find(const struct calcache *cc, int64_t ver)
{
	for (size_t i = 0; i < cc->nfail; i++) {
		if (cc->fail[i].ver == ver)
			return &cc->fail[i];
	}
	return NULL;
}

/* Remember that ver cannot be loaded, for the reason in why; returns
 * CASES_EINVAL with why in err (CASES_ENOMEM when it cannot remember). */
static int
fail_add(struct calcache *cc, int64_t ver, const char *why, char *err)
{
	struct calcache_fail *f;

	if (cc->nfail == cc->capfail) {
		size_t cap = cc->capfail ? cc->capfail * 2 : 4;
		f = realloc(cc->fail, cap * sizeof(*f));
		if (!f)
			return cases_errf(err, CASES_ENOMEM, "out of memory");
		cc->fail = f;
		cc->capfail = cap;
	}
	f = &cc->fail[cc->nfail++];
	f->ver = ver;
	f->n = 1;
	snprintf(f->why, sizeof(f->why), "%s", why);
	return cases_errf(err, CASES_EINVAL, "%s", why);
}

/* The slot of ver, fetching its text into the least recently used slot
 * when it is not cached. */
static int
entry_get(struct calcache *cc, int64_t ver, struct calcache_entry **out,
	  char *err)
{
	struct calcache_entry *e = NULL;
	struct cal_rec rec;
	int rc;

	for (int i = 0; i < cc->n; i++) {
		if (cc->slot[i].ver == ver) {
			e = &cc->slot[i];
			goto found;
		}
	}
	rc = store_calendar_get_ver(cc->st, ver, &rec, err);
	if (rc)
		return rc;
	if (cc->n < CALCACHE_SLOTS) {
		e = &cc->slot[cc->n++];
	} else {
		e = &cc->slot[0];
		for (int i = 1; i < cc->n; i++) {
			if (cc->slot[i].used < e->used)
				e = &cc->slot[i];
		}
		entry_release(e);
	}
	e->ver = ver;
	e->rec = rec;
found:
	e->used = ++cc->clock;
	*out = e;
	return CASES_OK;
}

int
calcache_get(struct calcache *cc, int64_t ver, int load,
	     const struct calcache_entry **out, char *err)
{
	struct calcache_fail *f = load ? fail_find(cc, ver) : NULL;
	struct calcache_entry *e;
	char why[CASES_ERRMAX];
	int rc;

	*out = NULL;
	if (f) {
		f->n++;
		return cases_errf(err, CASES_EINVAL, "%s", f->why);
	}
	rc = entry_get(cc, ver, &e, err);
	if (rc)
		return rc;
	if (load && !e->loaded) {
		/* Loading fails with CASES_EINVAL (a zone, hours or dates it
		 * cannot read) or CASES_ENOMEM. */
		rc = calendar_load(&e->buf, e->rec.tz, e->rec.hours,
				   e->rec.holidays, why);
		if (rc == CASES_EINVAL)
			return fail_add(cc, ver, why, err);
		if (rc)
			return cases_errf(err, rc, "%s", why);
		e->loaded = 1;
		e->cal = &e->buf.cal;
	}
	*out = e;
	return CASES_OK;
}

int
calcache_calendar(struct calcache *cc, int64_t ver, const struct calendar **out,
		  char *err)
{
	const struct calcache_entry *e;
	int rc = calcache_get(cc, ver, 1, &e, err);

	*out = rc == CASES_OK ? e->cal : NULL;
	return rc;
}

size_t
calcache_failures(const struct calcache *cc, const struct calcache_fail **out)
{
	*out = cc->fail;
	return cc->nfail;
}
