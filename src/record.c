/*
 * record.c - the case record: init, copy, release, status and id text
 * (docs/domain.md sections 8 and 9). Depends on nothing but libuuid.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <uuid/uuid.h>

#include "cases/error.h"
#include "cases/record.h"
#include "cases/suggest.h"

void
case_rec_init(struct case_rec *c)
{
	memset(c, 0, sizeof(*c));
	c->target_s = CASE_NONE;
	c->due_at = CASE_NONE;
	c->first_response_at = CASE_NONE;
	c->resolved_at = CASE_NONE;
	c->breached_at = CASE_NONE;
	c->warned_at = CASE_NONE;
}

void
case_rec_release(struct case_rec *c)
{
	free(c->external_id);
	free(c->subject);
	free(c->assignee);
	case_rec_init(c);
}

int
case_rec_copy(const struct case_rec *from, struct case_rec *to)
{
	*to = *from;
	to->external_id = NULL;
	to->assignee = NULL;
	to->subject = strdup(from->subject ? from->subject : "");
	if (from->external_id)
		to->external_id = strdup(from->external_id);
	if (from->assignee)
		to->assignee = strdup(from->assignee);
	if (!to->subject || (from->external_id && !to->external_id)
	    || (from->assignee && !to->assignee)) {
		case_rec_release(to);
		return CASES_ENOMEM;
	}
	return CASES_OK;
}

enum case_status
case_status(const struct case_rec *c)
{
	if (c->resolved_at != CASE_NONE)
		return CASE_RESOLVED;
	if (c->first_response_at != CASE_NONE)
		return CASE_RESPONDED;
	return CASE_OPEN;
}

const char *
case_status_name(enum case_status s)
{
	static const char *const names[] = { "open", "responded", "resolved" };

	return s <= CASE_RESOLVED ? names[s] : "?";
}

int
case_status_parse(const char *s, int *status, char *err)
{
	/* In enum case_status order, then "all" (-1). */
	static const char *const names[] = { "open", "responded", "resolved",
					     "all" };
	char dym[SUGGEST_PHRASE_MAX];

	for (int i = 0; i < 4; i++) {
		if (strcasecmp(s, names[i]) == 0) {
			*status = i < 3 ? i : -1;
			return CASES_OK;
		}
	}
	return cases_errf(err, CASES_EINVAL,
			  "unknown status '%s' (%sexpected one of: open, "
			  "responded, resolved, all)",
			  s, suggest_phrase(suggest_nearest(s, names, 4), dym));
}

void
case_uuid_format(const unsigned char uuid[16], char *id)
{
	uuid_unparse_lower(uuid, id);
}
