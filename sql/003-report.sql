-- 003-report.sql: an index for `cases report` (SPEC §3, §5).
--
-- Every column the report reads, in opened_at order: a period is one
-- range scan of this index, never a visit to the table. The counting pass
-- reads it as it is; the median and 90th percentile pass sorts the
-- answered cases of the range by first-response time (SQLite's sorter,
-- bounded memory). Its inserts are appends (cases arrive in opened_at
-- order), so it costs imports little.
CREATE INDEX cases_report ON cases (
	opened_at, plan_id, severity, account_id, due_at, first_response_at,
	resolved_at, breached_at);
