-- 010-calendar-history.sql: which content versions each named calendar
-- has had, so that `calendar rm` knows the cases opened under any of
-- them (docs/domain.md section 7, docs/storage.md section 5).
--
-- A calendar_ver row is content, stored once and shared (a zone-only
-- calendar and a named calendar with the same zone, hours and holidays
-- are one row), so a version says nothing of whose it was: this table
-- does. Rows are written with every version a calendar points at
-- (`calendar add`, `holiday`, `set`) and go with the calendar. A case
-- can have been opened under the calendar's version only if it was
-- inserted after the calendar had it: first_case is the case key that
-- was next then (keys follow insertion order, whatever --at says), so a
-- calendar added today with the content of another's old version is not
-- held by that other calendar's cases.
CREATE TABLE calendar_hist (
	calendar_id INTEGER NOT NULL REFERENCES calendar (id) ON DELETE CASCADE,
	ver         INTEGER NOT NULL REFERENCES calendar_ver (id),
	since       INTEGER NOT NULL,   -- when it first became current
	first_case  INTEGER NOT NULL DEFAULT 0, -- cases.id next at that time
	PRIMARY KEY (calendar_id, ver)
) WITHOUT ROWID;

-- Every calendar's current version; what came before is unknown, so
-- first_case is 0: every case of the version counts.
INSERT INTO calendar_hist (calendar_id, ver, since)
SELECT id, ver, created_at FROM calendar;

-- Its earlier ones: until this version a calendar changed only by gaining
-- holidays, so an earlier version has its zone and hours and a subset of
-- its holidays (dates of 10 characters, 11 apart). Content shared with
-- another calendar or a zone-only one counts for both: a calendar is
-- never removed while a case may have been opened under it.
WITH RECURSIVE k(i) AS (
	SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < 4096
)
INSERT OR IGNORE INTO calendar_hist (calendar_id, ver, since)
SELECT c.id, v.id, c.created_at
FROM calendar c
JOIN calendar_ver cur ON cur.id = c.ver
JOIN calendar_ver v ON v.tz = cur.tz AND v.hours = cur.hours
	AND v.id <> cur.id
WHERE NOT EXISTS (
	SELECT 1 FROM k
	WHERE k.i * 11 < length(v.holidays)
	  AND instr(cur.holidays, substr(v.holidays, k.i * 11 + 1, 10)) = 0);
