-- 009-assign-edit-delete.sql: who works a case, corrections, and the log
-- of deleted cases (issue 15, docs/storage.md).
--
-- A case's assignee: the name of the person working it, NULL when nobody
-- is. The `assigned` event records each change (its detail the new
-- assignee, NULL for "unassigned"); `edited` keeps the old subject or
-- external id.
ALTER TABLE cases ADD COLUMN assignee TEXT;

-- `overdue` and `due` read unanswered cases from this covering index
-- alone (001): it now covers the assignee too, which they show and
-- filter on.
DROP INDEX cases_unanswered;
CREATE INDEX cases_unanswered ON cases (
	due_at, opened_at, uuid, plan_id, severity, category, channel,
	account_id, external_id, subject, plan_ver, cal_ver, target_s, clock,
	breached_at, warned_at, first_response_at, resolved_at, assignee)
	WHERE first_response_at IS NULL AND resolved_at IS NULL
	  AND due_at IS NOT NULL;

-- The two new event kinds, the way 006 changed the rule: the stored SQL
-- of the table is edited in place (006's text, else 001's IN list, which
-- 006 leaves where the text differed); the rows already there are
-- accepted by either rule.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(replace(sql,
	'OR kind = ''resolved'' OR kind = ''reopened'' OR kind = ''note''',
	'OR kind = ''resolved'' OR kind = ''reopened'' OR kind = ''note'''
	|| char(10) || char(9) || char(9)
	|| 'OR kind = ''assigned'' OR kind = ''edited'''),
	'''resolved'', ''reopened'',' || char(10)
	|| char(9) || char(9) || '''note'')',
	'''resolved'', ''reopened'',' || char(10)
	|| char(9) || char(9) || '''note'', ''assigned'', ''edited'')')
WHERE type = 'table' AND name = 'event';
PRAGMA writable_schema = RESET;

-- Cases deleted (`cases delete`, for a case opened by mistake): one line
-- each, what the case was and who deleted it when. Its number is the
-- key: a deleted case's number is never given again (new numbers come
-- after the largest of cases.id and case_deleted.number, and the trigger
-- below refuses one given explicitly). Account and plan are kept as
-- names, so that the log refers to nothing that may be removed later.
CREATE TABLE case_deleted (
	number            INTEGER PRIMARY KEY,
	uuid              BLOB NOT NULL CHECK (length(uuid) = 16),
	external_id       TEXT,
	account           TEXT,
	plan              TEXT NOT NULL,
	severity          INTEGER NOT NULL,
	subject           TEXT NOT NULL,
	opened_at         INTEGER NOT NULL,
	due_at            INTEGER,
	first_response_at INTEGER,
	resolved_at       INTEGER,
	deleted_at        INTEGER NOT NULL,
	deleted_by        TEXT
);

CREATE TRIGGER cases_number_not_reused BEFORE INSERT ON cases
	WHEN NEW.id IN (SELECT number FROM case_deleted)
BEGIN
	SELECT RAISE(ABORT, 'case number belonged to a deleted case');
END;

-- History stays append-only (001, 005), and a deleted case's events go
-- with it: an event may be deleted when the deletion log holds its case
-- (the log line is written first, in the same transaction).
DROP TRIGGER event_no_delete;
CREATE TRIGGER event_no_delete BEFORE DELETE ON event
	WHEN NOT (OLD.kind = 'responded' AND OLD.hook IS NULL
		AND (SELECT external_id FROM cases WHERE id = OLD.case_id)
			IS NOT NULL)
	AND OLD.case_id NOT IN (SELECT number FROM case_deleted)
BEGIN
	SELECT RAISE(ABORT, 'events are append-only');
END;
