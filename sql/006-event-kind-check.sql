-- 006-event-kind-check.sql: the same rule on event.kind, at a few
-- comparisons a row instead of a temporary index.
--
-- 001 wrote the rule as `kind IN ('opened', ...)`, and SQLite (3.40, as
-- Debian 12 ships it) evaluates an IN list in a CHECK constraint by
-- building a temporary index of the eight names for every row it writes:
-- most of the cost of writing an event (a quarter of an import's
-- instructions). Written with = and OR it accepts exactly the same rows,
-- so nothing on disk changes: the table's stored SQL is edited in place,
-- as SQLite documents for a change of CHECK constraint
-- (lang_altertable.html, "making other kinds of table schema changes"),
-- instead of copying every event into a new table. RESET turns writable_schema off and makes this
-- connection read the new schema; other connections keep the old rule
-- until they next read the schema, which accepts the same rows.
--
-- The text replaced is 001's, whitespace included (char(10) a newline,
-- char(9) a tab); a database whose text differs is left as it is.

PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(sql,
	'kind IN (''opened'', ''severity-changed'',' || char(10)
	|| char(9) || char(9) || '''responded'', ''warned'', ''breached'', '
	|| '''resolved'', ''reopened'',' || char(10)
	|| char(9) || char(9) || '''note'')',
	'kind = ''opened'' OR kind = ''severity-changed''' || char(10)
	|| char(9) || char(9) || 'OR kind = ''responded'' OR kind = ''warned'' '
	|| 'OR kind = ''breached''' || char(10)
	|| char(9) || char(9) || 'OR kind = ''resolved'' OR kind = ''reopened'' '
	|| 'OR kind = ''note''')
WHERE type = 'table' AND name = 'event';
PRAGMA writable_schema = RESET;
