-- 001-schema.sql: the first schema of cases.
--
-- Plans and calendars are versioned: a change writes a new immutable
-- version, and a case keeps the version it was opened under (SPEC §1
-- "A case keeps the plan, targets and calendar it was opened under").
-- Vocabulary columns hold the values of include/cases/plan.h.

-- A calendar's content: time zone, canonical weekly hours, holidays.
-- Identical content is stored once (anonymous calendars from --tz share it).
CREATE TABLE calendar_ver (
	id       INTEGER PRIMARY KEY,
	tz       TEXT NOT NULL,
	hours    TEXT NOT NULL,             -- sla_hours_format() text
	holidays TEXT NOT NULL DEFAULT '',  -- sorted YYYY-MM-DD,YYYY-MM-DD
	UNIQUE (tz, hours, holidays)
);

-- A named calendar points at its current version.
CREATE TABLE calendar (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	ver        INTEGER NOT NULL REFERENCES calendar_ver (id),
	created_at INTEGER NOT NULL
);

CREATE TABLE plan (
	id   INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE COLLATE NOCASE,
	ver  INTEGER NOT NULL               -- current plan_ver.id
);

CREATE TABLE plan_ver (
	id         INTEGER PRIMARY KEY,
	plan_id    INTEGER NOT NULL REFERENCES plan (id),
	categories TEXT NOT NULL,           -- 'account-billing,technical'
	channels   TEXT NOT NULL,           -- 'console,email,phone,chat'
	created_at INTEGER NOT NULL
);

-- An allowed severity of a plan version: its first-response target.
CREATE TABLE plan_target (
	ver      INTEGER NOT NULL REFERENCES plan_ver (id),
	severity INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 5),
	target_s INTEGER NOT NULL CHECK (target_s > 0),
	clock    TEXT NOT NULL CHECK (clock IN ('24x7', 'business')),
	PRIMARY KEY (ver, severity)
) WITHOUT ROWID;

-- A customer: a plan and either a named calendar or an anonymous one.
CREATE TABLE account (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL UNIQUE,
	plan_id     INTEGER NOT NULL REFERENCES plan (id),
	calendar_id INTEGER REFERENCES calendar (id),
	cal_ver     INTEGER REFERENCES calendar_ver (id),
	created_at  INTEGER NOT NULL,
	CHECK ((calendar_id IS NULL) <> (cal_ver IS NULL))
);

-- Cases. The integer key follows insertion order, so bulk inserts append
-- to the table's b-tree; the random UUID lives in a 16-byte unique index.
CREATE TABLE cases (
	id                INTEGER PRIMARY KEY,
	uuid              BLOB NOT NULL UNIQUE CHECK (length(uuid) = 16),
	external_id       TEXT UNIQUE,
	account_id        INTEGER REFERENCES account (id),
	plan_id           INTEGER NOT NULL REFERENCES plan (id),
	plan_ver          INTEGER NOT NULL REFERENCES plan_ver (id),
	cal_ver           INTEGER NOT NULL REFERENCES calendar_ver (id),
	severity          INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 5),
	category          INTEGER NOT NULL CHECK (category BETWEEN 0 AND 5),
	channel           INTEGER NOT NULL CHECK (channel BETWEEN 0 AND 4),
	subject           TEXT NOT NULL,
	opened_at         INTEGER NOT NULL,
	target_s          INTEGER CHECK (target_s > 0),  -- NULL: no target
	clock             INTEGER CHECK (clock IN (0, 1)),
	due_at            INTEGER,
	first_response_at INTEGER,
	resolved_at       INTEGER,
	breached_at       INTEGER,          -- when `check` recorded the breach
	warned_at         INTEGER,          -- when `check` recorded a warning
	CHECK ((target_s IS NULL) = (due_at IS NULL)),
	CHECK (first_response_at IS NULL OR first_response_at >= opened_at),
	CHECK (resolved_at IS NULL OR resolved_at >= opened_at)
);

-- Unanswered cases by deadline, covering every column `overdue` and `due`
-- read (first_response_at and resolved_at too, though always NULL here, so
-- that SQLite need not visit the table to test them), in report order.
CREATE INDEX cases_unanswered ON cases (
	due_at, opened_at, uuid, plan_id, severity, category, channel,
	account_id, external_id, subject, plan_ver, cal_ver, target_s, clock,
	breached_at, warned_at, first_response_at, resolved_at)
	WHERE first_response_at IS NULL AND resolved_at IS NULL
	  AND due_at IS NOT NULL;

-- Unanswered cases with no recorded breach yet: `check` probes the head of
-- this index, so a run with nothing new costs one seek.
CREATE INDEX cases_unbreached ON cases (due_at)
	WHERE first_response_at IS NULL AND resolved_at IS NULL
	  AND due_at IS NOT NULL AND breached_at IS NULL;

CREATE INDEX cases_opened ON cases (opened_at);
-- `list` by default shows the cases not resolved, newest first.
CREATE INDEX cases_active ON cases (opened_at) WHERE resolved_at IS NULL;

-- The append-only history of each case.
CREATE TABLE event (
	id      INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases (id),
	at      INTEGER NOT NULL,
	kind    TEXT NOT NULL CHECK (kind IN ('opened', 'severity-changed',
		'responded', 'warned', 'breached', 'resolved', 'reopened',
		'note')),
	detail  TEXT,
	hook    INTEGER                     -- NULL: no hook; 0: pending; 1: done
);
CREATE INDEX event_case ON event (case_id, id);
-- A case is breached (and warned) at most once, whoever records it.
CREATE UNIQUE INDEX event_once ON event (case_id, kind)
	WHERE kind IN ('warned', 'breached');
CREATE INDEX event_hook_pending ON event (id) WHERE hook = 0;

-- Append-only: history is never rewritten.
CREATE TRIGGER event_no_update BEFORE UPDATE OF case_id, at, kind, detail
	ON event
BEGIN
	SELECT RAISE(ABORT, 'events are append-only');
END;
CREATE TRIGGER event_no_delete BEFORE DELETE ON event
BEGIN
	SELECT RAISE(ABORT, 'events are append-only');
END;
