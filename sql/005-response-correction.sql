-- 005-response-correction.sql: a first response corrected by an import.
--
-- Events stay append-only, with one narrow exception: the `responded`
-- event of a case that mirrors another system's (external_id set), never
-- given to a hook, may move (its time only) or go, so that it matches the
-- first response a new import of that system found (`import --format
-- aws`: the earliest message of AWS's staff, where an older rule had
-- counted the customer's own). The import appends a `note` saying what it
-- corrected: the history still says what happened.

DROP TRIGGER event_no_update;
CREATE TRIGGER event_no_update BEFORE UPDATE OF case_id, at, kind, detail
	ON event
	WHEN NOT (OLD.kind = 'responded' AND NEW.kind = 'responded'
		AND NEW.case_id = OLD.case_id AND NEW.detail IS OLD.detail
		AND OLD.hook IS NULL
		AND (SELECT external_id FROM cases WHERE id = OLD.case_id)
			IS NOT NULL)
BEGIN
	SELECT RAISE(ABORT, 'events are append-only');
END;

DROP TRIGGER event_no_delete;
CREATE TRIGGER event_no_delete BEFORE DELETE ON event
	WHEN NOT (OLD.kind = 'responded' AND OLD.hook IS NULL
		AND (SELECT external_id FROM cases WHERE id = OLD.case_id)
			IS NOT NULL)
BEGIN
	SELECT RAISE(ABORT, 'events are append-only');
END;
