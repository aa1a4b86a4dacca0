#!/usr/bin/python3
"""best_floor.py - floors nobody chose to suit us (issue 18).

The other floors of bench/run run the project's own SQL on the project's
own schema, which can only say "no slower than ourselves". These floors
run each query on the best schema for that one query: a table holding
only what the query reads and an index made for it alone, the data copied
from a bench database (or, for import, parsed from the same JSON lines)
and loaded with Python's sqlite3.executemany in one transaction.

  best_floor.py build open|overdue|check|report SRC_DB OUT_DB
      writes OUT_DB (replaced) from the cases of SRC_DB
  best_floor.py import DB JSONL
      the import floor itself: parse JSONL, executemany into DB's
      two-index table (created if absent), one transaction

The queries bench/run times against these files are in bench/run
(BEST_*_SQL); this file only lays the tables out:

  open     best_open(id, uuid, plan_id, severity, subject, opened_at,
           target_s, due_at): the rowid and the uuid's unique index, the
           least a case that can be found again by uuid needs; the floor
           inserts one row (synchronous=FULL, WAL, as cases runs).
  overdue  best_overdue: the columns `overdue --format jsonl` prints (ids
           as stored: plan, severity, category, channel as their codes,
           the account's name), and one covering partial index on
           (due_at, opened_at, every printed column, and the two the
           WHERE tests) over the cases unanswered, unresolved and with a
           deadline.
  check    best_check(id, due_at, first_response_at, resolved_at,
           breached_at): a covering partial index led by due_at over the
           unanswered, unbreached cases, all the probe of `check` with
           nothing new reads.
  report   best_report(plan_id, due_at, first_response_at, resolved_at,
           breached_at) with a covering index led by plan_id: the GROUP BY
           counts read it in group order, no sort, no table.
  import   best_import(id, uuid UNIQUE, external_id, account, plan,
           severity, category, channel, status, subject, opened_at,
           due_at, first_response_at, resolved_at, breached_at) and an
           index on opened_at: two indexes, no events, no validation.
"""
import datetime
import json
import os
import sqlite3
import sys
import uuid

BEST_IMPORT_SCHEMA = """
CREATE TABLE IF NOT EXISTS best_import (
	id INTEGER PRIMARY KEY, uuid BLOB NOT NULL UNIQUE, external_id TEXT,
	account TEXT, plan TEXT NOT NULL, severity TEXT NOT NULL,
	category TEXT, channel TEXT, status TEXT, subject TEXT NOT NULL,
	opened_at INTEGER NOT NULL, due_at INTEGER,
	first_response_at INTEGER, resolved_at INTEGER, breached_at INTEGER);
CREATE INDEX IF NOT EXISTS best_import_opened ON best_import (opened_at);
"""


def fresh(path):
    for suffix in ("", "-wal", "-shm"):
        try:
            os.unlink(path + suffix)
        except FileNotFoundError:
            pass
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = OFF")  # the load only; floors set FULL
    return db


def load(db, schema, table, rows, ncols, index=None):
    db.executescript(schema)
    db.execute("BEGIN")
    db.executemany("INSERT INTO %s VALUES (%s)" %
                   (table, ", ".join("?" * ncols)), rows)
    if index:
        db.execute(index)
    db.execute("COMMIT")
    db.execute("ANALYZE")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def build(kind, src_path, out):
    if kind not in ("open", "overdue", "check", "report"):
        raise SystemExit("best_floor.py: unknown floor '%s' (expected one "
                         "of: open, overdue, check, report)" % kind)
    src = sqlite3.connect("file:%s?mode=ro" % src_path, uri=True)
    db = fresh(out)
    if kind == "open":
        rows = src.execute(
            "SELECT id, uuid, plan_id, severity, subject, opened_at, "
            "target_s, due_at FROM cases")
        load(db, """
            CREATE TABLE best_open (id INTEGER PRIMARY KEY,
                uuid BLOB NOT NULL UNIQUE, plan_id INTEGER NOT NULL,
                severity INTEGER NOT NULL, subject TEXT NOT NULL,
                opened_at INTEGER NOT NULL, target_s INTEGER,
                due_at INTEGER);
            """, "best_open", rows, 8)
    elif kind == "overdue":
        rows = src.execute(
            "SELECT c.id, c.uuid, c.external_id, a.name, c.plan_id, "
            "c.severity, c.category, c.channel, c.opened_at, c.due_at, "
            "c.first_response_at, c.resolved_at, c.breached_at, c.subject "
            "FROM cases c LEFT JOIN account a ON a.id = c.account_id")
        load(db, """
            CREATE TABLE best_overdue (id INTEGER PRIMARY KEY, uuid BLOB,
                external_id TEXT, account TEXT, plan_id INTEGER,
                severity INTEGER, category INTEGER, channel INTEGER,
                opened_at INTEGER, due_at INTEGER,
                first_response_at INTEGER, resolved_at INTEGER,
                breached_at INTEGER, subject TEXT);
            """, "best_overdue", rows, 14, """
            CREATE INDEX best_overdue_due ON best_overdue (due_at,
                opened_at, uuid, external_id, account, plan_id, severity,
                category, channel, breached_at, subject,
                first_response_at, resolved_at)
                WHERE first_response_at IS NULL AND resolved_at IS NULL
                  AND due_at IS NOT NULL""")
    elif kind == "check":
        rows = src.execute(
            "SELECT id, due_at, first_response_at, resolved_at, "
            "breached_at FROM cases")
        load(db, """
            CREATE TABLE best_check (id INTEGER PRIMARY KEY,
                due_at INTEGER, first_response_at INTEGER,
                resolved_at INTEGER, breached_at INTEGER);
            """, "best_check", rows, 5, """
            CREATE INDEX best_check_due ON best_check (due_at,
                first_response_at, resolved_at, breached_at)
                WHERE first_response_at IS NULL AND resolved_at IS NULL
                  AND due_at IS NOT NULL AND breached_at IS NULL""")
    else:
        rows = src.execute(
            "SELECT plan_id, due_at, first_response_at, resolved_at, "
            "breached_at FROM cases")
        load(db, """
            CREATE TABLE best_report (plan_id INTEGER NOT NULL,
                due_at INTEGER, first_response_at INTEGER,
                resolved_at INTEGER, breached_at INTEGER);
            """, "best_report", rows, 5, """
            CREATE INDEX best_report_plan ON best_report (plan_id, due_at,
                first_response_at, resolved_at, breached_at)""")
    src.close()


def instant(s):
    if s is None:
        return None
    return int(datetime.datetime.fromisoformat(
        s.replace("Z", "+00:00")).timestamp())


def import_rows(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            c = json.loads(line)
            u = c.get("id")
            yield (uuid.UUID(u).bytes if u else uuid.uuid4().bytes,
                   c.get("external_id"), c.get("account"), c["plan"],
                   c["severity"], c.get("category"), c.get("channel"),
                   c.get("status"), c["subject"], instant(c["opened_at"]),
                   instant(c.get("due_at")),
                   instant(c.get("first_response_at")),
                   instant(c.get("resolved_at")),
                   instant(c.get("breached_at")))


def import_floor(db_path, jsonl):
    db = sqlite3.connect(db_path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA cache_size = -65536")
    db.executescript(BEST_IMPORT_SCHEMA)
    db.execute("BEGIN IMMEDIATE")
    db.executemany(
        "INSERT INTO best_import (uuid, external_id, account, plan, "
        "severity, category, channel, status, subject, opened_at, due_at, "
        "first_response_at, resolved_at, breached_at) VALUES "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", import_rows(jsonl))
    db.execute("COMMIT")
    db.close()


def main(argv):
    if len(argv) == 5 and argv[1] == "build":
        build(argv[2], argv[3], argv[4])
    elif len(argv) == 4 and argv[1] == "import":
        import_floor(argv[2], argv[3])
    else:
        sys.stderr.write(__doc__.split("\n\n")[2] + "\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
