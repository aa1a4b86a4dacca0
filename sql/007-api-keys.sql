-- 007-api-keys.sql: the keys of `cases serve` and who wrote a
-- communication.
--
-- A key is an AWS-shaped access key id and its secret (the database holds
-- the secrets: it stays mode 0600). It belongs to a customer account (it
-- sees that account's cases only) or to a member of the support staff
-- (every case; its communications are responses). A revoked key is kept,
-- so that its id is never given again and the log lines that name it
-- still say whose it was.
CREATE TABLE keys (
	id         TEXT PRIMARY KEY,          -- access key id, "CKIA..."
	secret     TEXT NOT NULL,
	account_id INTEGER REFERENCES account (id),
	staff      TEXT,                      -- staff member's name
	created_at INTEGER NOT NULL,
	revoked_at INTEGER,
	CHECK ((account_id IS NULL) <> (staff IS NULL))
) WITHOUT ROWID;

-- Who wrote a note or a response: the staff name or the customer's
-- submittedBy; NULL for the events of the command line.
ALTER TABLE event ADD COLUMN author TEXT;
