#!/usr/bin/python3
"""serve_test.py - `cases serve` driven by the real clients on 127.0.0.1.

usage: /usr/bin/python3 serve_test.py CASES_BINARY

Debian's `aws` CLI (/usr/bin/aws) and boto3 call a server started on a
free port of 127.0.0.1 with keys made by `cases key add`, on a database
in a temporary folder: cases opened on every plan and severity, described
with every filter and page by page, communications from both sides,
resolved; the command line (overdue, check, report, respond, import) sees
what the API did; the security cases (wrong secret, revoked or unknown
key, stale X-Amz-Date, a body changed after signing, another account's
case, Basic and Developer keys) each get their error and write nothing;
hostile input (oversized and malformed bodies, many connections) leaves
the server up; kill -9 under load keeps every acknowledged case.

Runs with Debian's python3, which has boto3 and botocore (the `python3`
on PATH may be another). Each test is bounded in time; the last line is
"serve: N passed, M failed" and the exit status 1 when a test failed.
"""
import datetime
import http.client
import json
import queue
import re
import selectors
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import unittest.mock

import boto3
import botocore.auth
import botocore.awsrequest
import botocore.config
import botocore.credentials
import botocore.exceptions

CASES = os.path.abspath(sys.argv[1])
AWS = "/usr/bin/aws"
TMP = tempfile.mkdtemp(prefix="cases-serve-")
DB = os.path.join(TMP, "cases.db")
ENV = dict(os.environ, CASES_DB=DB, TZ="UTC", NO_COLOR="1")
ENV.pop("CASES_NOW", None)
# A sanitizer build keeps freed memory in quarantine, which RSS would count
# as growth: keep it small (meaningless to a build without ASan).
ENV["ASAN_OPTIONS"] = (ENV.get("ASAN_OPTIONS", "") +
                       ":quarantine_size_mb=1").lstrip(":")
SEVS = ["low", "normal", "high", "urgent", "critical"]
ALLOWED = {  # the seed's plans (sql/002) in AWS's severity codes
    "basic": None,  # no API: SubscriptionRequiredException
    "developer": None,
    "business": ["low", "normal", "high", "urgent"],
    "enterprise": SEVS,
}

passed = failed = 0


def cases(*args, check=True, env=None):
    p = subprocess.run([CASES, *args], env=env or ENV, capture_output=True,
                       text=True, timeout=30)
    if check and p.returncode != 0:
        raise AssertionError("cases %s: rc %d: %s" % (" ".join(args),
                                                       p.returncode,
                                                       p.stderr))
    return p


def key_add(*args):
    out = cases("key", "add", *args, "--format", "json").stdout
    k = json.loads(out)
    return k["key_id"], k["secret"]


def db_counts():
    """Rows of cases, events and keys, read without the server."""
    con = sqlite3.connect("file:%s?mode=ro" % DB, uri=True, timeout=10)
    try:
        return tuple(con.execute("SELECT count(*) FROM %s" % t).fetchone()[0]
                     for t in ("cases", "event", "keys"))
    finally:
        con.close()


class Server:
    def __init__(self, *args):
        self.log = open(os.path.join(TMP, "serve-%d.log" % time.time_ns()),
                        "w+")
        self.p = subprocess.Popen(
            [CASES, "serve", "--listen", "127.0.0.1:0", *args], env=ENV,
            stdout=subprocess.PIPE, stderr=self.log, text=True)
        # A thread reads stdout: select() on the pipe cannot see lines
        # that readline() has already buffered.
        self.lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        try:
            line = self.lines.get(timeout=30)
        except queue.Empty:
            line = ""
        if "port" not in line:
            self.p.kill()
            raise AssertionError("serve did not start: %r" % line)
        self.port = int(line.split()[-1])
        self.url = "%s://127.0.0.1:%d" % (
            "https" if "--tls-cert" in args else "http", self.port)

    def _read(self):
        for line in self.p.stdout:
            self.lines.put(line)

    def read_line(self, timeout):
        """The next line of the server's stdout, or None after timeout
        seconds."""
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            return None

    def stop(self):
        self.p.send_signal(signal.SIGTERM)
        rc = self.p.wait(timeout=40)
        self.log.seek(0)
        return rc, self.log.read()

    def kill(self):
        if self.p.poll() is None:
            self.p.kill()
            self.p.wait(timeout=10)


def client(srv, key, region="us-east-1", verify=None):
    return boto3.client(
        "support", endpoint_url=srv.url, region_name=region, verify=verify,
        aws_access_key_id=key[0], aws_secret_access_key=key[1],
        config=botocore.config.Config(
            retries={"total_max_attempts": 1, "mode": "standard"},
            connect_timeout=5, read_timeout=20))


def aws(srv, key, *args, region="us-east-1"):
    env = dict(ENV, AWS_ACCESS_KEY_ID=key[0], AWS_SECRET_ACCESS_KEY=key[1],
               AWS_DEFAULT_REGION=region, AWS_CONFIG_FILE="/dev/null",
               AWS_SHARED_CREDENTIALS_FILE="/dev/null", AWS_PAGER="",
               HOME=TMP)
    return subprocess.run([AWS, "--endpoint-url", srv.url, "--output",
                           "json", "support", *args], env=env,
                          capture_output=True, text=True, timeout=60)


def error_of(fn, *args, **kw):
    """The AWS error code fn raises (AssertionError when it succeeds)."""
    try:
        fn(*args, **kw)
    except botocore.exceptions.ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"]["Message"], \
            e.response["ResponseMetadata"]["HTTPStatusCode"]
    raise AssertionError("%s succeeded" % fn.__name__)


def eq(got, want, what):
    if got != want:
        raise AssertionError("%s: got %r, expected %r" % (what, got, want))


def run(test):
    global passed, failed
    t0 = time.monotonic()
    try:
        test()
        passed += 1
        print("ok   %s (%.1fs)" % (test.__name__, time.monotonic() - t0),
              flush=True)
    except Exception:
        failed += 1
        print("FAIL %s" % test.__name__, flush=True)
        for line in traceback.format_exc().splitlines():
            print("    " + line, flush=True)


# ---- the fixture: an account on each plan, keys ----

for plan in ALLOWED:
    cases("account", "add", plan + "-co", "--plan", plan)
cases("account", "add", "other", "--plan", "business")
cases("account", "add", "pager", "--plan", "enterprise")
KEY = {plan: key_add("--account", plan + "-co") for plan in ALLOWED}
OTHER = key_add("--account", "other")
PAGER = key_add("--account", "pager")
STAFF = key_add("--staff", "Ana Lima")
JANE = key_add("--account", "business-co", "--name", "AdminRole (Role)",
               "--email", "jane@example.com")
REVOKED = key_add("--account", "business-co")
cases("key", "revoke", REVOKED[0])
SRV = Server("--threads", "2", "--staff-name", "Acme Desk")
C = {plan: client(SRV, KEY[plan]) for plan in ALLOWED}
STAFF_C = client(SRV, STAFF)


def new_case(c, subject="s", sev="low", **kw):
    return c.create_case(subject=subject, communicationBody="body of " +
                         subject, severityCode=sev, **kw)["caseId"]


def describe_one(c, case_id, **kw):
    r = c.describe_cases(caseIdList=[case_id], includeResolvedCases=True,
                         **kw)
    eq(len(r["cases"]), 1, "cases described")
    return r["cases"][0]


# ---- tests ----

def test_create_case_every_plan_and_severity():
    before = db_counts()
    made = 0
    for plan, allowed in ALLOWED.items():
        for sev in SEVS:
            if allowed is None:
                code, msg, status = error_of(
                    C[plan].create_case, subject="m %s %s" % (plan, sev),
                    communicationBody="b", severityCode=sev)
                eq(code, "SubscriptionRequiredException", plan)
                eq(status, 400, "HTTP status")
            elif sev in allowed:
                cid = new_case(C[plan], "m %s %s" % (plan, sev), sev)
                d = describe_one(C[plan], cid)
                eq(d["severityCode"], sev, "severityCode")
                eq(d["status"], "opened", "status")
                eq(d["serviceCode"], "technical", "serviceCode")
                made += 1
            else:
                code, msg, _ = error_of(
                    C[plan].create_case, subject="x", communicationBody="b",
                    severityCode=sev)
                eq(code, "ValidationException", plan + " " + sev)
                want = "(severityCode allowed by plan '%s': %s)" % (
                    plan, ", ".join(allowed))
                if want not in msg:
                    raise AssertionError("message %r lacks %r" % (msg,
                                                                  want))
    after = db_counts()
    eq(after[0] - before[0], made, "cases written")
    eq(made, 9, "cases allowed by business and enterprise")
    # Each is on the command line with channel api and its account.
    rows = [json.loads(l) for l in cases(
        "export", "--format", "jsonl").stdout.splitlines()]
    api = [r for r in rows if r["subject"].startswith("m ")]
    eq(len(api), 9, "exported API cases")
    eq({r["channel"] for r in api}, {"api"}, "channels")
    eq(sorted({r["account"] for r in api}), ["business-co", "enterprise-co"],
       "accounts")


def test_create_case_categories_and_validation():
    c = C["business"]
    cid = new_case(c, "bill", issueType="customer-service")
    eq(describe_one(c, cid)["serviceCode"], "billing", "billing service")
    cid = new_case(c, "guide", "normal", serviceCode="use-case-guidance",
                   categoryCode="general")
    eq(describe_one(c, cid)["serviceCode"], "use-case-guidance", "service")
    before = db_counts()
    code, msg, _ = error_of(c.create_case, subject="a", communicationBody="b",
                            serviceCode="architecture")
    eq(code, "ValidationException", "architecture on business")
    code, msg, _ = error_of(c.create_case, subject="a", communicationBody="b",
                            serviceCode="amazon-ec2")
    eq(code, "ValidationException", "unknown service")
    if "billing, technical, use-case-guidance, third-party" not in msg:
        raise AssertionError("services not listed: " + msg)
    code, msg, _ = error_of(c.create_case, subject="a", communicationBody="b",
                            severityCode="sev1")
    eq(code, "ValidationException", "unknown severity")
    if "low, normal, high, urgent, critical" not in msg:
        raise AssertionError(msg)
    code, _, _ = error_of(c.create_case, subject="a", communicationBody="b",
                          attachmentSetId="as-1")
    eq(code, "AttachmentSetIdNotFound", "attachments")
    code, msg, _ = error_of(c.create_case, subject="",
                            communicationBody="b")
    eq(code, "ValidationException", "empty subject")
    if "severityCode allowed" in msg:
        raise AssertionError("a subject's refusal lists severities: " + msg)
    # Billing is low whatever the plan: the codes listed say so.
    code, msg, _ = error_of(c.create_case, subject="a", communicationBody="b",
                            issueType="customer-service", severityCode="high")
    eq(code, "ValidationException", "billing at high")
    if "(severityCode allowed by plan 'business': low)" not in msg:
        raise AssertionError(msg)
    code, _, _ = error_of(STAFF_C.create_case, subject="a",
                          communicationBody="b")
    eq(code, "ValidationException", "staff CreateCase")
    eq(db_counts(), before, "database after refused CreateCase")


def test_severity_levels_and_services_follow_the_plan():
    for plan in ("business", "enterprise"):
        levels = C[plan].describe_severity_levels()["severityLevels"]
        eq([l["code"] for l in levels], ALLOWED[plan], plan + " levels")
    eq(C["enterprise"].describe_severity_levels()["severityLevels"][4],
       {"code": "critical", "name": "Business-critical system down"},
       "critical level")
    svc = C["business"].describe_services()["services"]
    eq([s["code"] for s in svc],
       ["billing", "technical", "use-case-guidance", "third-party"],
       "business services")
    eq(svc[0]["categories"], [{"code": "general",
                               "name": "General guidance"}], "categories")
    svc = C["enterprise"].describe_services(
        serviceCodeList=["architecture"])["services"]
    eq([s["code"] for s in svc], ["architecture"], "serviceCodeList")
    eq(len(STAFF_C.describe_severity_levels()["severityLevels"]), 5,
       "staff levels")


def test_aws_cli_create_describe_and_refusal():
    r = aws(SRV, KEY["enterprise"], "create-case", "--subject", "cli case",
            "--communication-body", "from the aws CLI", "--severity-code",
            "critical", "--service-code", "technical")
    eq(r.returncode, 0, "aws create-case rc (%s)" % r.stderr)
    cid = json.loads(r.stdout)["caseId"]
    if not cid.startswith("case-"):
        raise AssertionError(cid)
    r = aws(SRV, KEY["enterprise"], "describe-cases", "--case-id-list", cid,
            "--include-communications")
    eq(r.returncode, 0, "aws describe-cases rc (%s)" % r.stderr)
    d = json.loads(r.stdout)["cases"][0]
    eq((d["subject"], d["severityCode"], d["status"], d["submittedBy"]),
       ("cli case", "critical", "opened", "enterprise-co"), "case")
    comm = d["recentCommunications"]["communications"]
    eq([(m["body"], m["submittedBy"]) for m in comm],
       [("from the aws CLI", "enterprise-co")], "communications")
    show = json.loads(cases("show", cid[5:], "--format", "json").stdout)
    eq(show["number"], int(d["displayId"]), "display id is the number")
    r = aws(SRV, KEY["business"], "create-case", "--subject", "x",
            "--communication-body", "y", "--severity-code", "critical")
    eq(r.returncode, 254, "aws rc of a refused case")
    if "ValidationException" not in r.stderr or \
            "low, normal, high, urgent" not in r.stderr:
        raise AssertionError(r.stderr)
    r = aws(SRV, KEY["basic"], "describe-severity-levels")
    if r.returncode == 0 or "SubscriptionRequiredException" not in r.stderr:
        raise AssertionError(r.stderr)


def test_describe_filters_and_pages():
    c = client(SRV, PAGER)
    ids = [new_case(c, "page %02d" % i) for i in range(25)]
    # Newest first, 10 a page, every case once.
    seen, pages = [], 0
    for page in c.get_paginator("describe_cases").paginate(
            PaginationConfig={"PageSize": 10}, includeCommunications=False):
        pages += 1
        seen += [x["caseId"] for x in page["cases"]]
        if pages == 1 and "recentCommunications" in page["cases"][0]:
            raise AssertionError("communications not asked for")
    eq(pages, 3, "pages")
    eq(seen, ids[::-1], "cases in order")
    # The aws CLI follows nextToken itself.
    r = aws(SRV, PAGER, "describe-cases", "--page-size", "10",
            "--no-include-communications")
    eq(r.returncode, 0, r.stderr)
    eq([x["caseId"] for x in json.loads(r.stdout)["cases"]], ids[::-1],
       "aws CLI pages")
    # A caseIdList pages in the same order, though its cases were opened
    # within a second or two: their numbers break the ties.
    seen = []
    for page in c.get_paginator("describe_cases").paginate(
            caseIdList=ids, includeCommunications=False,
            PaginationConfig={"PageSize": 10}):
        seen += [x["caseId"] for x in page["cases"]]
    eq(seen, ids[::-1], "caseIdList pages")
    # displayId, caseIdList, includeResolvedCases, afterTime/beforeTime.
    d = describe_one(c, ids[3])
    r = c.describe_cases(displayId=d["displayId"])["cases"]
    eq([x["caseId"] for x in r], [ids[3]], "displayId")
    c.resolve_case(caseId=ids[0])
    r = c.describe_cases(maxResults=100)["cases"]
    eq(len(r), 24, "resolved cases hidden by default")
    r = c.describe_cases(maxResults=100, includeResolvedCases=True)["cases"]
    eq(len(r), 25, "includeResolvedCases")
    r = c.describe_cases(caseIdList=[ids[0], ids[1]],
                         includeResolvedCases=True)["cases"]
    eq(sorted(x["caseId"] for x in r), sorted(ids[:2]), "caseIdList")
    future = (datetime.datetime.utcnow() + datetime.timedelta(hours=1)
              ).strftime("%Y-%m-%dT%H:%M:%SZ")
    eq(c.describe_cases(afterTime=future)["cases"], [], "afterTime")
    eq(len(c.describe_cases(beforeTime=future, maxResults=100)["cases"]), 24,
       "beforeTime")
    eq(c.describe_cases(beforeTime="2000-01-01T00:00:00Z")["cases"], [],
       "beforeTime in the past")
    for bad in ({"nextToken": "garbage"}, {"afterTime": "yesterday"},
                {"displayId": "x"}):
        code, _, _ = error_of(c.describe_cases, **bad)
        eq(code, "ValidationException", repr(bad))
    # botocore checks maxResults itself: send what it would refuse.
    for n in (5, 101, "10"):
        status, got = raw_request(SRV, PAGER, json.dumps(
            {"maxResults": n}).encode())
        eq((status, got["__type"]), (400, "ValidationException"),
           "maxResults %r" % n)
    # A customer sees its own account's cases only; staff sees all.
    mine = {x["caseId"] for x in C["business"].describe_cases(
        maxResults=100, includeResolvedCases=True)["cases"]}
    if mine & set(ids):
        raise AssertionError("business-co sees pager's cases")
    # Nor does a page of one account's cases hold another's, whatever
    # its size.
    for n in (10, 100):
        got = C["business"].describe_cases(maxResults=n,
                                           includeResolvedCases=True)
        if {x["caseId"] for x in got["cases"]} & set(ids):
            raise AssertionError("a page of business-co holds pager's")
    staff = set()
    for page in STAFF_C.get_paginator("describe_cases").paginate(
            includeResolvedCases=True):
        staff |= {x["caseId"] for x in page["cases"]}
    if not set(ids) <= staff or not mine <= staff:
        raise AssertionError("staff does not see every case")


def test_keyset_pages_while_cases_arrive():
    """nextToken resumes below the last case given (a keyset): cases
    opened or resolved between two pages neither repeat nor skip one of
    those the first page did not reach; the new ones come first on the
    next walk."""
    k = key_add("--account", "pager")
    c = client(SRV, k)
    acct = [x["caseId"] for x in c.describe_cases(
        maxResults=100, includeResolvedCases=True,
        includeCommunications=False)["cases"]]
    ids = [new_case(c, "keyset %02d" % i) for i in range(25)]
    want = ids[::-1] + acct
    seen, token, added = [], None, []
    while True:
        kw = {"nextToken": token} if token else {}
        page = c.describe_cases(maxResults=10, includeResolvedCases=True,
                                includeCommunications=False, **kw)
        seen += [x["caseId"] for x in page["cases"]]
        token = page.get("nextToken")
        if not token:
            break
        # Between pages: a new case (newer than all), and the next page's
        # first case resolved (still listed: resolved cases included).
        added.append(new_case(c, "between %d" % len(added)))
    eq(seen, want, "every case once, in order, none of the new ones")
    if len(added) < 3:
        raise AssertionError("only %d pages" % (len(added) + 1))
    # The same without the resolved ones: resolving the next page's
    # first case between pages takes it off, and shifts nothing else.
    start = [x["caseId"] for x in c.describe_cases(
        maxResults=100, includeCommunications=False)["cases"]]
    seen, token, gone = [], None, start[10]
    while True:
        kw = {"nextToken": token} if token else {}
        page = c.describe_cases(maxResults=10, includeCommunications=False,
                                **kw)
        seen += [x["caseId"] for x in page["cases"]]
        token = page.get("nextToken")
        if not token:
            break
        if len(seen) == 10:
            c.resolve_case(caseId=gone)
    eq(seen, [x for x in start if x != gone], "unresolved pages")


def test_communications_both_sides():
    c = C["business"]
    cid = new_case(c, "talk", "high")
    uuid = cid[5:]
    before = json.loads(cases("show", uuid, "--format", "json").stdout)
    eq(before["first_response_at"], None, "no response yet")
    STAFF_C.add_communication_to_case(caseId=cid, communicationBody="ack")
    after = json.loads(cases("show", uuid, "--format", "json").stdout)
    if after["first_response_at"] is None:
        raise AssertionError("staff communication is not the first response")
    eq(describe_one(c, cid)["status"], "pending-customer-action", "status")
    c.add_communication_to_case(caseId=cid, communicationBody="thanks")
    eq(describe_one(c, cid)["status"], "work-in-progress", "status")
    # A desk member named like the account is the desk all the same.
    cases("respond", uuid, "--note", "from the command line",
          env=dict(ENV, CASES_AGENT="business-co"))
    for i in range(10):
        STAFF_C.add_communication_to_case(caseId=cid,
                                          communicationBody="n%d" % i)
    got = []
    for page in c.get_paginator("describe_communications").paginate(
            caseId=cid, PaginationConfig={"PageSize": 10}):
        got += [(m["body"], m["submittedBy"]) for m in page["communications"]]
    want = [("n%d" % i, "Acme Desk") for i in range(9, -1, -1)] + [
        ("from the command line", "Acme Desk"), ("thanks", "business-co"),
        ("ack", "Acme Desk"), ("body of talk", "business-co")]
    eq(got, want, "communications, newest first")
    # The first response stays the first.
    again = json.loads(cases("show", uuid, "--format", "json").stdout)
    eq(again["first_response_at"], after["first_response_at"],
       "first response")
    recent = describe_one(c, cid)["recentCommunications"]
    eq(len(recent["communications"]), 5, "recent communications")
    if not recent.get("nextToken"):
        raise AssertionError("no nextToken for older communications")


def test_submitted_by_as_aws_shows_it():
    """A key made with --name and --email signs its communications as
    AWS shows a role: "AdminRole (Role) <jane@example.com>"; a key
    without them, with the account's name; the desk with --staff-name;
    the case's own submittedBy stays the account's."""
    jane = client(SRV, JANE)
    cid = new_case(jane, "who", "high")
    C["business"].add_communication_to_case(caseId=cid,
                                            communicationBody="me too")
    STAFF_C.add_communication_to_case(caseId=cid, communicationBody="ok")
    jane.add_communication_to_case(caseId=cid, communicationBody="thanks")
    got = [(m["body"], m["submittedBy"]) for m in
           jane.describe_communications(caseId=cid)["communications"]]
    eq(got, [("thanks", "AdminRole (Role) <jane@example.com>"),
             ("ok", "Acme Desk"), ("me too", "business-co"),
             ("body of who", "AdminRole (Role) <jane@example.com>")],
       "submittedBy")
    d = describe_one(jane, cid)
    eq(d["submittedBy"], "business-co", "the case's submittedBy")
    eq(d["status"], "work-in-progress", "status after the customer's note")
    # And the importer still tells the desk's from the customer's.
    eq(d["recentCommunications"]["communications"][1]["submittedBy"],
       "Acme Desk", "desk")
    lst = json.loads(cases("key", "list", "--format", "json").stdout)
    by = {k["key_id"]: k["submitted_by"] for k in lst}
    eq((by[JANE[0]], by[KEY["business"][0]], by[STAFF[0]]),
       ("AdminRole (Role) <jane@example.com>", "business-co", None),
       "key list's submitted_by")


def test_resolve_and_reopen():
    c = C["business"]
    cid = new_case(c, "to resolve")
    r = c.resolve_case(caseId=cid)
    eq((r["initialCaseStatus"], r["finalCaseStatus"]), ("opened", "resolved"),
       "resolve")
    eq(describe_one(c, cid)["status"], "resolved", "status")
    r = c.resolve_case(caseId=cid)
    eq(r["initialCaseStatus"], "resolved", "resolving again")
    c.add_communication_to_case(caseId=cid, communicationBody="again")
    eq(describe_one(c, cid)["status"], "reopened", "customer reopens")
    r = aws(SRV, STAFF, "resolve-case", "--case-id", cid)
    eq(r.returncode, 0, r.stderr)
    eq(json.loads(r.stdout)["finalCaseStatus"], "resolved", "aws resolve")


def test_cli_sees_the_api_cases():
    c = C["enterprise"]
    cid = new_case(c, "overdue via api", "urgent")  # 1 h target
    uuid = cid[5:]
    later = (datetime.datetime.utcnow() + datetime.timedelta(hours=2)
             ).strftime("%Y-%m-%dT%H:%M:%SZ")
    out = cases("overdue", "--at", later, "--format", "csv").stdout
    if uuid not in out:
        raise AssertionError("overdue lacks the API case")
    # A change cannot be dated ahead of now: check runs "later" by its
    # clock ($CASES_NOW).
    out = cases("check", env=dict(ENV, CASES_NOW=later)).stdout
    if uuid[:8] not in out:
        raise AssertionError("check did not record the breach: " + out)
    rep = json.loads(cases("report", "--by", "account", "--at", later,
                           "--format", "json").stdout)
    rows = rep if isinstance(rep, list) else rep.get("rows", rep)
    if "enterprise-co" not in json.dumps(rows):
        raise AssertionError("report lacks the API account")
    # A staff response through the API is what the SLA is judged on.
    cid2 = new_case(c, "answered via api", "urgent")
    STAFF_C.add_communication_to_case(caseId=cid2, communicationBody="hi")
    out = cases("overdue", "--at", later, "--format", "csv").stdout
    if cid2[5:] in out:
        raise AssertionError("an answered case is overdue")


def test_import_reproduces_the_cases():
    c = C["enterprise"]
    cid = new_case(c, "round trip", "high")
    STAFF_C.add_communication_to_case(caseId=cid, communicationBody="seen")
    r = aws(SRV, KEY["enterprise"], "describe-cases", "--case-id-list", cid,
            "--include-resolved-cases", "--include-communications")
    eq(r.returncode, 0, r.stderr)
    dump = os.path.join(TMP, "dump.json")
    with open(dump, "w") as f:
        f.write(r.stdout)
    env2 = dict(ENV, CASES_DB=os.path.join(TMP, "copy.db"))
    cases("account", "add", "e", "--plan", "enterprise", env=env2)
    cases("import", "--format", "aws", "--account", "e", "--staff-name",
          "Acme Desk", dump, env=env2)
    src = json.loads(cases("show", cid[5:], "--format", "json").stdout)
    got = [json.loads(l) for l in cases(
        "export", "--format", "jsonl", env=env2).stdout.splitlines()]
    eq(len(got), 1, "imported cases")
    for f in ("subject", "severity", "opened_at", "first_response_at",
              "due_at"):
        eq(got[0][f], src[f], f)


def raw_request(srv, key, body, amz_date=None, tamper=None,
                target="AWSSupport_20130415.DescribeCases"):
    """Sign a request with botocore (at amz_date, a datetime) and send it,
    after tamper(headers, body) if given; returns (status, json)."""
    req = botocore.awsrequest.AWSRequest(
        method="POST", url=srv.url + "/", data=body,
        headers={"X-Amz-Target": target,
                 "Content-Type": "application/x-amz-json-1.1"})
    creds = botocore.credentials.Credentials(key[0], key[1])
    if amz_date:
        fake = unittest.mock.MagicMock(wraps=datetime.datetime)
        fake.utcnow.return_value = amz_date
        with unittest.mock.patch("botocore.auth.datetime.datetime", fake):
            botocore.auth.SigV4Auth(creds, "support", "us-east-1") \
                .add_auth(req)
    else:
        botocore.auth.SigV4Auth(creds, "support", "us-east-1").add_auth(req)
    headers = dict(req.headers.items())
    if tamper:
        body = tamper(headers, body)
        headers["Content-Length"] = str(len(body))
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
    try:
        conn.request("POST", "/", body=body, headers=headers)
        r = conn.getresponse()
        data = r.read()
        return r.status, json.loads(data) if data else None
    finally:
        conn.close()


def test_security_each_refusal_writes_nothing():
    cid = new_case(C["business"], "secret case")
    body = json.dumps({"caseIdList": [cid]}).encode()
    before = db_counts()
    wrong = (KEY["business"][0], "x" * 40)
    cases_ = [
        ("wrong secret", lambda: raw_request(SRV, wrong, body),
         403, "InvalidSignatureException"),
        ("revoked key", lambda: raw_request(SRV, REVOKED, body),
         403, "UnrecognizedClientException"),
        ("unknown key", lambda: raw_request(
            SRV, ("CKIANOSUCHKEY0000000", "y" * 40), body),
         403, "UnrecognizedClientException"),
        ("expired X-Amz-Date", lambda: raw_request(
            SRV, KEY["business"], body,
            amz_date=datetime.datetime.utcnow()
            - datetime.timedelta(minutes=16)),
         403, "InvalidSignatureException"),
        ("X-Amz-Date in the future", lambda: raw_request(
            SRV, KEY["business"], body,
            amz_date=datetime.datetime.utcnow()
            + datetime.timedelta(minutes=16)),
         403, "InvalidSignatureException"),
        ("body changed after signing", lambda: raw_request(
            SRV, KEY["business"], json.dumps(
                {"subject": "a", "communicationBody": "b"}).encode(),
            target="AWSSupport_20130415.CreateCase",
            tamper=lambda h, b: b.replace(b'"a"', b'"z"')),
         403, "InvalidSignatureException"),
        ("no signature", lambda: raw_request(
            SRV, KEY["business"], body,
            tamper=lambda h, b: h.pop("Authorization") and b),
         403, "MissingAuthenticationTokenException"),
    ]
    for what, call, status, code in cases_:
        got_status, got = call()
        eq((got_status, got and got.get("__type")), (status, code), what)
    # Another account's case: CaseIdNotFound whatever the operation.
    o = client(SRV, OTHER)
    for call in (lambda: o.describe_cases(caseIdList=[cid]),
                 lambda: o.describe_communications(caseId=cid),
                 lambda: o.add_communication_to_case(caseId=cid,
                                                     communicationBody="x"),
                 lambda: o.resolve_case(caseId=cid),
                 lambda: o.resolve_case(caseId="case-" + "0" * 8 + "-0000-"
                                        "4000-8000-" + "0" * 12)):
        code, msg, status = error_of(call)
        eq((code, status), ("CaseIdNotFound", 400), "other account's case")
    # Basic and Developer: every operation refused.
    for plan in ("basic", "developer"):
        k = C[plan]
        for call in (k.describe_cases, k.describe_severity_levels,
                     k.describe_services,
                     lambda: k.resolve_case(caseId=cid),
                     lambda: k.describe_communications(caseId=cid),
                     lambda: k.add_communication_to_case(
                         caseId=cid, communicationBody="x")):
            eq(error_of(call)[0], "SubscriptionRequiredException", plan)
    eq(db_counts(), before, "database after the refusals")
    eq(describe_one(C["business"], cid)["status"], "opened", "case untouched")


def test_key_revoked_while_serving_is_refused_at_once():
    """Each worker keeps the signing keys it derived (per key, secret and
    scope): a key revoked while the server runs is refused from its very
    next request, whichever worker had it."""
    key = key_add("--account", "business-co")
    body = json.dumps({"maxResults": 10}).encode()
    for _ in range(8):  # every worker (--threads 2) has used it
        got_status, got = raw_request(SRV, key, body)
        eq(got_status, 200, "before the revocation")
    cases("key", "revoke", key[0])
    for _ in range(8):
        got_status, got = raw_request(SRV, key, body)
        eq((got_status, got and got.get("__type")),
           (403, "UnrecognizedClientException"), "after the revocation")


def test_stored_text_not_utf8_is_our_error_never_a_gap():
    """Text that is not UTF-8 can only reach the file around the rules
    (by hand, an old import): an answer that would hold it is a 500
    InternalServerError, whether it is a case's subject or one of its
    communications (never invalid JSON, never a communication left out)."""
    cases("account", "add", "bytes-co", "--plan", "business")
    key = key_add("--account", "bytes-co")
    c = client(SRV, key)
    subj = new_case(c, "bad subject later")
    comm = new_case(c, "bad communication later")
    con = sqlite3.connect(DB, timeout=10)
    try:
        con.execute("UPDATE cases SET subject = CAST(x'41ff42' AS TEXT) "
                    "WHERE lower(hex(uuid)) = ?",
                    (subj[5:].replace("-", ""),))
        con.execute(
            "INSERT INTO event (case_id, at, kind, detail, customer) "
            "SELECT id, opened_at + 1, 'note', CAST(x'c3' AS TEXT), 1 "
            "FROM cases WHERE lower(hex(uuid)) = ?",
            (comm[5:].replace("-", ""),))
        con.commit()
    finally:
        con.close()
    for what, body, target in (
            ("subject", {"caseIdList": [subj]}, "DescribeCases"),
            ("communication", {"caseId": comm},
             "DescribeCommunications"),
            ("recent communications", {"caseIdList": [comm]},
             "DescribeCases")):
        got_status, got = raw_request(
            SRV, key, json.dumps(body).encode(),
            target="AWSSupport_20130415." + target)
        eq((got_status, got and got.get("__type")),
           (500, "InternalServerError"), what)


def test_request_ids_are_random_uuids():
    """x-amzn-RequestId: a version 4 UUID, never the same twice."""
    ids = [C["business"].describe_severity_levels()["ResponseMetadata"]
           ["RequestId"] for _ in range(20)]
    v4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}"
                    r"-[0-9a-f]{12}$")
    eq([i for i in ids if not v4.match(i)], [], "not version 4 UUIDs")
    eq(len(set(ids)), len(ids), "distinct request ids")


def test_hostile_bodies_and_connections():
    status, got = raw_request(SRV, KEY["business"], b"{not json")
    eq((status, got["__type"]), (400, "SerializationException"),
       "malformed JSON")
    status, got = raw_request(SRV, KEY["business"], b"[1, 2]")
    eq((status, got["__type"]), (400, "SerializationException"),
       "not an object")
    status, got = raw_request(SRV, KEY["business"], b'{"maxResults": "x"}')
    eq((status, got["__type"]), (400, "ValidationException"), "wrong type")
    # Over 1 MiB: 413 from Content-Length, the body unread.
    s = socket.create_connection(("127.0.0.1", SRV.port), timeout=10)
    s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n"
              % (2 * 1024 * 1024))
    head = s.recv(4096)
    s.close()
    if not head.startswith(b"HTTP/1.1 413"):
        raise AssertionError(head[:80])
    # 200 idle connections do not stop an answer.
    fds = len(os.listdir("/proc/%d/fd" % SRV.p.pid))
    socks = [socket.create_connection(("127.0.0.1", SRV.port), timeout=10)
             for _ in range(200)]
    eq(len(C["business"].describe_severity_levels()["severityLevels"]), 4,
       "an answer beside 200 idle connections")
    # The answer came while the server held every one of them: none was
    # dropped to make room (their reads would see EOF, not EAGAIN).
    dropped = 0
    for s in socks:
        s.setblocking(False)
        try:
            if s.recv(1) == b"":
                dropped += 1
        except BlockingIOError:
            pass
    eq(dropped, 0, "idle connections the server closed")
    for s in socks:
        s.close()
    time.sleep(0.5)
    after = len(os.listdir("/proc/%d/fd" % SRV.p.pid))
    if after > fds + 4:
        raise AssertionError("fds %d -> %d" % (fds, after))


def test_concurrent_creates_and_kill_9():
    """16 clients create cases against a second server, which is killed
    with SIGKILL while they run: every caseId a client got back is in
    the database, and integrity_check is ok."""
    srv = Server("--threads", "4")
    acked, lock, stop = [], threading.Lock(), threading.Event()

    def worker():
        c = client(srv, KEY["enterprise"])
        while not stop.is_set():
            try:
                cid = new_case(c, "load", "normal")
            except Exception:
                return
            with lock:
                acked.append(cid)

    ts = [threading.Thread(target=worker) for _ in range(16)]
    for t in ts:
        t.start()
    deadline = time.monotonic() + 20
    while len(acked) < 100 and time.monotonic() < deadline:
        time.sleep(0.05)
    srv.p.send_signal(signal.SIGKILL)
    srv.p.wait(timeout=10)
    stop.set()
    for t in ts:
        t.join(timeout=30)
    if len(acked) < 100:
        raise AssertionError("only %d acknowledged" % len(acked))
    con = sqlite3.connect(DB, timeout=10)
    try:
        eq(con.execute("PRAGMA integrity_check").fetchone()[0], "ok",
           "integrity_check")
        have = {r[0] for r in con.execute(
            "SELECT lower(hex(uuid)) FROM cases")}
    finally:
        con.close()
    missing = [a for a in acked if a[5:].replace("-", "") not in have]
    eq(missing, [], "acknowledged cases missing")


def test_log_lines_and_graceful_stop():
    srv = Server("--rate", "3/min")
    c = client(srv, KEY["business"])
    for _ in range(3):
        c.describe_severity_levels()
    eq(error_of(c.describe_severity_levels)[0], "ThrottlingException",
       "4th request in a minute")
    rc, log = srv.stop()
    eq(rc, 0, "exit status after SIGTERM")
    lines = [l for l in log.splitlines() if "DescribeSeverityLevels" in l]
    eq(len(lines), 4, "log lines")
    f = lines[0].split()
    eq((f[1], f[2], f[3], f[4], f[5]),
       ("127.0.0.1", KEY["business"][0], "business-co",
        "DescribeSeverityLevels", "200"), "log fields")
    if KEY["business"][1] in log:
        raise AssertionError("a secret in the log")


def test_check_every_records_each_breach_once():
    """--check-every runs check in the server: a case overdue now is
    breached, printed and its hook run once, even with a cron check
    beside it."""
    past = (datetime.datetime.utcnow() - datetime.timedelta(hours=3)
            ).strftime("%Y-%m-%dT%H:%M:%SZ")
    uuid = cases("open", "--account", "enterprise-co", "--severity",
                 "prod-down", "--subject", "late", "--at", past).stdout.strip()
    hooked = os.path.join(TMP, "hooked")
    # The hook records the signals it started with: none blocked and
    # SIGPIPE not ignored, as under cron, though the server blocks some
    # in its own threads.
    hook = os.path.join(TMP, "hook.sh")
    with open(hook, "w") as f:
        # grep's own status: it starts with the shell's signals (the
        # shell may block them for a moment while it forks).
        f.write("#!/bin/sh\ngrep -E '^Sig(Blk|Ign):' /proc/self/status "
                ">%s.tmp && mv %s.tmp %s\n" % (hooked, hooked, hooked))
    os.chmod(hook, 0o755)
    srv = Server("--check-every", "1s", "--exec", hook)
    try:
        lines = []
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not any(
                uuid[:8] in l for l in lines):
            line = srv.read_line(1)
            if line:
                lines.append(line)
        if not any(uuid[:8] in l and "breached" in l for l in lines):
            raise AssertionError("no breach line: %r" % lines)
        deadline = time.monotonic() + 10
        while not os.path.exists(hooked) and time.monotonic() < deadline:
            time.sleep(0.1)
        if not os.path.exists(hooked):
            raise AssertionError("the hook did not run")
        with open(hooked) as f:
            sig = dict(l.split(":") for l in f.read().split("\n") if l)
        eq(int(sig["SigBlk"], 16), 0, "signals blocked in the hook")
        eq(int(sig["SigIgn"], 16) & (1 << (13 - 1)), 0,
           "SIGPIPE ignored in the hook")
        eq(cases("check").stdout.count(uuid[:8]), 0,
           "cron check after serve's")
        time.sleep(2.5)  # two more runs of the server's check
    finally:
        rc, log = srv.stop()
    eq(rc, 0, "exit status")
    con = sqlite3.connect("file:%s?mode=ro" % DB, uri=True, timeout=10)
    try:
        n = con.execute(
            "SELECT count(*) FROM event e JOIN cases c ON c.id = e.case_id "
            "WHERE lower(hex(c.uuid)) = ? AND e.kind = 'breached' "
            "AND e.hook = 1", (uuid.replace("-", ""),)).fetchone()[0]
    finally:
        con.close()
    eq(n, 1, "breach events, delivered")


def concurrent(port, n):
    """n connections at once, each an unsigned POST / read to its end:
    (answered with 403, anything else, refused by the kernel, hanging)."""
    sel = selectors.DefaultSelector()
    req = (b"POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
           b"X-Amz-Target: AWSSupport_20130415.DescribeCases\r\n"
           b"Content-Length: 2\r\n\r\n{}")
    state, refused = {}, 0
    for _ in range(n):
        s = socket.socket()
        s.setblocking(False)
        if s.connect_ex(("127.0.0.1", port)) not in (0, 115):
            refused += 1
            s.close()
            continue
        state[s] = [b"", False]
        sel.register(s, selectors.EVENT_WRITE)
    answered = other = 0
    deadline = time.monotonic() + 60
    while state and time.monotonic() < deadline:
        for key, ev in sel.select(timeout=1):
            s, st = key.fileobj, state[key.fileobj]
            try:
                if ev & selectors.EVENT_WRITE and not st[1]:
                    s.send(req)
                    st[1] = True
                    sel.modify(s, selectors.EVENT_READ)
                    continue
                chunk = s.recv(65536)
            except OSError:
                chunk = b""
            if chunk:
                st[0] += chunk
                continue
            if st[0].startswith(b"HTTP/1.1 403") and \
                    b"MissingAuthenticationTokenException" in st[0]:
                answered += 1
            else:
                other += 1
            sel.unregister(s)
            s.close()
            del state[s]
    hanging = len(state)
    for s in state:
        s.close()
    sel.close()
    return answered, other, refused, hanging


def proc_status(pid):
    fds = len(os.listdir("/proc/%d/fd" % pid))
    with open("/proc/%d/status" % pid) as f:
        rss = next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))
    return fds, rss


def test_hostile_clients_fds_and_memory():
    """1,000 concurrent connections, 100 slowloris clients while a normal
    client is answered, oversized and malformed bodies: the server answers
    throughout, and its file descriptors and RSS do not grow."""
    srv = Server("--threads", "2")
    c = client(srv, KEY["business"])
    lat = []

    def burst():
        answered, other, refused, hanging = concurrent(srv.port, 1000)
        if other or hanging or answered + refused != 1000 or answered < 256:
            raise AssertionError(
                "1000 connections: %d answered, %d other, %d refused, "
                "%d hanging" % (answered, other, refused, hanging))
        slow = []
        for _ in range(100):
            s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
            s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            slow.append(s)
        for _ in range(20):
            t = time.monotonic()
            eq(len(c.describe_severity_levels()["severityLevels"]), 4,
               "an answer beside 100 slowloris clients")
            lat.append((time.monotonic() - t) * 1000)
        for s in slow:
            s.close()
        for body in (b"{" * 5000, b"\xff\xfe", b'{"a":' * 100 + b"1"):
            status, got = raw_request(srv, KEY["business"], body)
            eq((status, got["__type"]), (400, "SerializationException"),
               "malformed body")
        for _ in range(5):
            s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
            s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\n"
                      b"Content-Length: 1048577\r\n\r\n")
            head = s.recv(4096)
            s.close()
            if not head.startswith(b"HTTP/1.1 413"):
                raise AssertionError(head[:60])

    try:
        burst()
        time.sleep(0.5)
        fd0, rss0 = proc_status(srv.p.pid)
        burst()
        burst()
        time.sleep(0.5)
        fd1, rss1 = proc_status(srv.p.pid)
    finally:
        rc, log = srv.stop()
    lat.sort()
    print("     slowloris: %d normal requests, median %.1f ms, worst %.1f ms;"
          " fds %d -> %d, VmRSS %d -> %d KiB" % (
              len(lat), lat[len(lat) // 2], lat[-1], fd0, fd1, rss0, rss1))
    eq(rc, 0, "exit status after SIGTERM")
    if fd1 > fd0 + 2:
        raise AssertionError("fds grew: %d -> %d" % (fd0, fd1))
    if rss1 - rss0 > 16384:
        raise AssertionError("RSS grew: %d -> %d KiB" % (rss0, rss1))


def test_https_with_both_clients():
    cert, key = os.path.join(TMP, "cert.pem"), os.path.join(TMP, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec",
                    "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-subj", "/CN=127.0.0.1", "-days", "1",
                    "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", key, "-out", cert],
                   check=True, capture_output=True, timeout=30)
    srv = Server("--tls-cert", cert, "--tls-key", key)
    try:
        c = client(srv, KEY["business"], region="eu-west-3", verify=cert)
        eq(len(c.describe_severity_levels()["severityLevels"]), 4,
           "boto3 over HTTPS, another region")
        r = aws(srv, KEY["business"], "describe-services", "--ca-bundle",
                cert)
        eq(r.returncode, 0, r.stderr)
        eq(len(json.loads(r.stdout)["services"]), 4, "aws CLI over HTTPS")
        # Plain HTTP to the HTTPS port gets no answer of ours.
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\n\r\n")
        try:
            got = s.recv(100)
        except OSError:
            got = b""
        s.close()
        if got.startswith(b"HTTP/1.1 200"):
            raise AssertionError("plain HTTP answered on the TLS port")
    finally:
        rc, _ = srv.stop()
    eq(rc, 0, "exit status")


def test_group_commit_keeps_failures_apart():
    """16 clients at once, half sending a body too long for a note: every
    acknowledged case is stored, no refused one is, and each refusal is
    a ValidationException (a failed write in a batch undoes its own
    writes only)."""
    srv = Server("--threads", "16")
    ok, refused, other, lock = [], [], [], threading.Lock()

    def worker(i):
        c = client(srv, KEY["business"])
        for n in range(8):
            # A body over 4096 bytes is refused after the case itself
            # was written: its savepoint must take the case back.
            sev = "high" if (i + n) % 2 else "normal"
            try:
                cid = c.create_case(
                    subject="batch %d %d" % (i, n), severityCode=sev,
                    communicationBody="x" * (5000 if sev == "high" else 10)
                )["caseId"]
                with lock:
                    ok.append(cid)
            except botocore.exceptions.ClientError as e:
                with lock:
                    (refused if e.response["Error"]["Code"] ==
                     "ValidationException" else other).append(sev)
            except Exception as e:
                with lock:
                    other.append(repr(e))

    before = db_counts()
    ts = [threading.Thread(target=worker, args=(i,)) for i in range(16)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(timeout=60)
    rc, log = srv.stop()
    eq(rc, 0, "exit status")
    eq(other, [], "other failures")
    eq((len(ok), len(refused)), (64, 64), "answers")
    eq(set(refused), {"high"}, "refused requests")
    after = db_counts()
    eq(after[0] - before[0], 64, "cases written")
    eq(after[1] - before[1], 128, "events written (opened + first note)")
    rows = {json.loads(l)["id"]: json.loads(l) for l in cases(
        "export", "--format", "jsonl").stdout.splitlines()}
    eq([c for c in ok if c[5:] not in rows], [], "acknowledged, missing")


def test_sixteen_creates_at_once_one_refused():
    """16 boto3 threads call CreateCase at the same moment (a barrier),
    one of them with a severity its plan refuses: 15 acknowledged and
    stored, the one refused with the plan's severities and nothing of it
    stored; the writer's batches keep each request apart."""
    srv = Server("--threads", "16")
    go = threading.Barrier(16)
    res, lock = {}, threading.Lock()

    def worker(i):
        c = client(srv, KEY["business"])
        sev = "critical" if i == 7 else "normal"
        go.wait(timeout=20)
        try:
            r = c.create_case(subject="at once %d" % i, severityCode=sev,
                              communicationBody="b%d" % i)["caseId"]
        except botocore.exceptions.ClientError as e:
            r = (e.response["Error"]["Code"], e.response["Error"]["Message"])
        except Exception as e:
            r = ("other", repr(e))
        with lock:
            res[i] = r

    before = db_counts()
    ts = [threading.Thread(target=worker, args=(i,)) for i in range(16)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(timeout=60)
    rc, _ = srv.stop()
    eq(rc, 0, "exit status")
    eq(len(res), 16, "answers")
    bad = res.pop(7)
    eq(bad[0], "ValidationException", "the refused one")
    if "low, normal, high, urgent" not in bad[1]:
        raise AssertionError(bad[1])
    eq([r for r in res.values() if not isinstance(r, str)], [], "refusals")
    after = db_counts()
    eq(after[0] - before[0], 15, "cases written")
    eq(after[1] - before[1], 30, "events written (opened + note)")
    con = sqlite3.connect("file:%s?mode=ro" % DB, uri=True, timeout=10)
    try:
        have = {r[0] for r in con.execute(
            "SELECT lower(hex(uuid)) FROM cases")}
        subjects = {r[0] for r in con.execute(
            "SELECT subject FROM cases WHERE subject LIKE 'at once %'")}
    finally:
        con.close()
    eq([c for c in res.values() if c[5:].replace("-", "") not in have], [],
       "acknowledged, missing")
    eq(sorted(subjects), sorted("at once %d" % i for i in res), "subjects")


TESTS = [
    test_create_case_every_plan_and_severity,
    test_create_case_categories_and_validation,
    test_severity_levels_and_services_follow_the_plan,
    test_aws_cli_create_describe_and_refusal,
    test_describe_filters_and_pages,
    test_keyset_pages_while_cases_arrive,
    test_communications_both_sides,
    test_submitted_by_as_aws_shows_it,
    test_resolve_and_reopen,
    test_cli_sees_the_api_cases,
    test_import_reproduces_the_cases,
    test_security_each_refusal_writes_nothing,
    test_key_revoked_while_serving_is_refused_at_once,
    test_stored_text_not_utf8_is_our_error_never_a_gap,
    test_request_ids_are_random_uuids,
    test_hostile_bodies_and_connections,
    test_hostile_clients_fds_and_memory,
    test_https_with_both_clients,
    test_log_lines_and_graceful_stop,
    test_check_every_records_each_breach_once,
    test_group_commit_keeps_failures_apart,
    test_sixteen_creates_at_once_one_refused,
    test_concurrent_creates_and_kill_9,
]

try:
    for t in TESTS:
        if len(sys.argv) > 2 and sys.argv[2] not in t.__name__:
            continue
        run(t)
    rc, log = SRV.stop()
    if rc != 0:
        failed += 1
        print("FAIL serve exited %d after SIGTERM" % rc)
finally:
    SRV.kill()
if not failed:
    shutil.rmtree(TMP, ignore_errors=True)
else:
    print("the database and the server logs are in " + TMP)
print("serve: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
