-- 008-serve-page.sql: what `cases serve` reads a page of cases with, and
-- who wrote a communication (issue 16).
--
-- DescribeCases of a customer is "this account's cases, newest first,
-- from a point on": one range of (account_id, opened_at, id) read
-- backwards from the nextToken's (opened_at, id), stopped after the page
-- (the rowid is the last column of every index). The partial index holds
-- the cases not resolved, which DescribeCases shows unless asked for the
-- resolved ones too: a page of them is never a walk over resolved cases.
-- The staff's DescribeCases (every account) is served by cases_opened and
-- cases_active (001).
CREATE INDEX cases_account ON cases (account_id, opened_at);
CREATE INDEX cases_account_active ON cases (account_id, opened_at)
	WHERE resolved_at IS NULL;

-- A customer's communication (a note written through the API with a
-- customer's key) says so: 1; NULL for every other event (responses,
-- notes of the command line, whoever their author). 007 told them apart
-- by comparing the author with the account's name, which a desk member of
-- that name would have fooled; the notes written that way are marked.
ALTER TABLE event ADD COLUMN customer INTEGER;
UPDATE event SET customer = 1
 WHERE kind = 'note' AND author IS NOT NULL
   AND author = (SELECT a.name FROM cases c JOIN account a
                   ON a.id = c.account_id WHERE c.id = event.case_id);

-- Who a customer's key speaks for, as AWS shows a communication's
-- submittedBy: "NAME <EMAIL>" (for example "AdminRole (Role)
-- <jane@example.com>"); NULL: not given (see docs/formats.md).
ALTER TABLE keys ADD COLUMN name TEXT;
ALTER TABLE keys ADD COLUMN email TEXT;
