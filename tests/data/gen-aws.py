#!/usr/bin/env python3
"""gen-aws.py - `aws support describe-cases` output that looks like AWS's.

usage: gen-aws.py [--cases N] [--seed S] OUT.json [EXPECTED.jsonl]

Writes OUT.json as `aws support describe-cases --include-resolved-cases
--include-communications --output json` prints it after paginating (one
{"cases": [...]} object, four-space indent, non-ASCII as is), and, if
given, EXPECTED.jsonl: for each case, what `cases export` must say of it
once imported on the Enterprise plan (an account on that plan), keyed by
external_id. The expectations follow docs/formats.md 8 from this
generator's own model of each case, not from the importer's code.

What real data has, and so this has (the API model: python3-botocore,
support 2013-04-15):
- the case's submittedBy is an e-mail address; customer communications
  are signed with the IAM role and the address, `AdminRole (Role)
  <ops@example.com>`, by the opener or by colleagues; AWS's own say
  `Amazon Web Services`;
- communications newest first (AWS's order), some shuffled; at most the
  five most recent, with a nextToken when there are more;
- times with milliseconds and without; the opener's first message a few
  milliseconds before or after the case's timeCreated;
- ccEmailAddresses, language (en, ja), attachmentSet, categoryCode;
- every status, the newer all-open and customer-action-completed too;
- a body holding U+0000 (the CLI prints it as \\u0000), tabs, emoji.

Deterministic: the same arguments give the same bytes (tests check the
committed files against a fresh run).
"""
import argparse
import datetime
import json
import random

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
START = int(datetime.datetime(2026, 9, 1, tzinfo=datetime.timezone.utc)
            .timestamp() * 1000)
END = int(datetime.datetime(2026, 11, 25, tzinfo=datetime.timezone.utc)
          .timestamp() * 1000)
# When the listing was taken: nothing is written after it.
LISTED = int(datetime.datetime(2026, 11, 26, 6, tzinfo=datetime.timezone.utc)
             .timestamp() * 1000)
STAFF = "Amazon Web Services"

# severityCode -> (cases' severity, Enterprise first-response target in s)
SEVERITIES = {
    "low": ("general", 86400),
    "normal": ("system-impaired", 43200),
    "high": ("prod-impaired", 14400),
    "urgent": ("prod-down", 3600),
    "critical": ("business-critical", 900),
}
SEV_WEIGHTS = [("low", 30), ("normal", 30), ("high", 20), ("urgent", 14),
               ("critical", 6)]

TECHNICAL = [
    ("amazon-elastic-compute-cloud-linux", ["instance-issue", "performance",
                                            "other"],
     ["EC2 instance unreachable after reboot",
      "Status check failed on i-0abc1234",
      "High steal time on c6i.4xlarge"]),
    ("amazon-relational-database-service-aurora", ["failover", "performance",
                                                   "connectivity"],
     ["Aurora writer failing over in a loop",
      "Replica lag above 30 s since the upgrade"]),
    ("amazon-simple-storage-service", ["general-guidance", "access-denied"],
     ["Guidance on S3 lifecycle rules", "403 on PutObject from the VPC"]),
    ("aws-lambda", ["throttling", "general-guidance"],
     ["Lambda throttling in eu-west-1", "Cold starts after runtime update"]),
    ("amazon-dynamodb", ["performance", "other"],
     ["DynamoDB hot partition on orders table"]),
    ("amazon-elastic-kubernetes-service", ["cluster-issue", "upgrade"],
     ["EKS 1.29 upgrade stuck", "Nodes NotReady in us-east-1b"]),
]
ACCOUNT = [
    ("billing", ["invoices", "charges", "payment-methods"],
     ["Question about the November invoice", "Charged twice for support",
      "Credit for the outage on 2026-10-03"]),
    ("customer-account", ["account-structure", "security"],
     ["Close a linked account", "Root MFA device lost"]),
]
JA_SUBJECTS = ["本番環境の EC2 インスタンスが応答しません",
               "請求書の金額について"]

# The customer's team: role and address. The opener is one of them.
TEAM = [("AdminRole", "ops@example.com"), ("DevOpsRole", "alice@example.com"),
        ("OnCallRole", "bob@example.com"), ("BillingRole",
                                            "finance@example.com")]

CUSTOMER_LINES = [
    "Since 07:40 UTC the service does not answer.",
    "Any update? Production is still affected.",
    "Adding my colleague. We see the same errors in eu-west-1.",
    "Attached the logs.\tTimes are UTC.",
    "Thanks, that fixed it 🎉",
    "We rolled back the deploy; still failing.",
]
# Now and then a customer pastes binary output.
DUMP = "Binary dump from the agent: \u0000\u0001\u0002 (truncated)"
STAFF_LINES = [
    "Hello, thank you for contacting AWS Support. I am looking into the "
    "status checks of your instance.",
    "We have escalated this to the service team.",
    "Could you share the request IDs of the failing calls?",
    "The underlying host was replaced; please confirm the instance is "
    "healthy.",
    "I am resolving this case; reply to reopen it.",
    "ご連絡ありがとうございます。調査いたします。",
]
OPEN_STATUSES = ["opened", "unassigned", "all-open"]
ANSWERED_STATUSES = ["work-in-progress", "pending-customer-action",
                     "customer-action-completed", "reopened", "all-open"]


def fmt_ms(ms, with_ms):
    t = EPOCH + datetime.timedelta(milliseconds=ms)
    s = t.strftime("%Y-%m-%dT%H:%M:%S")
    return "%s.%03dZ" % (s, ms % 1000) if with_ms else s + "Z"


def rfc3339(sec):
    return (EPOCH + datetime.timedelta(seconds=sec)).strftime(
        "%Y-%m-%dT%H:%M:%SZ")


def gen_case(rng, i, opened_ms):
    case_id = "case-123456789012-muen-2026-%016x" % rng.getrandbits(64)
    sev = rng.choices([s for s, _ in SEV_WEIGHTS],
                      [w for _, w in SEV_WEIGHTS])[0]
    account_case = rng.random() < 0.12
    service, cats, subjects = rng.choice(ACCOUNT if account_case
                                         else TECHNICAL)
    lang = "ja" if rng.random() < 0.05 else "en"
    subject = rng.choice(JA_SUBJECTS if lang == "ja" else subjects)
    opener_role, opener = rng.choice(TEAM)
    with_ms = rng.random() < 0.8

    # The timeline, in milliseconds: (time, submittedBy, body).
    target = SEVERITIES[sev][1]
    comms = []
    skew = rng.choice([0, 0, 0, -3, -250, 4])  # the opener's first message
    comms.append((opened_ms + skew, "%s (Role) <%s>" % (opener_role, opener),
                  rng.choice(CUSTOMER_LINES[:4])))
    t = opened_ms
    answered = rng.random() < 0.88
    # Colleagues (or the opener) may write before AWS answers.
    for _ in range(rng.choice([0, 0, 0, 1, 2])):
        t += rng.randint(30, 1800) * 1000
        role, addr = rng.choice(TEAM)
        comms.append((t, "%s (Role) <%s>" % (role, addr),
                      rng.choice(CUSTOMER_LINES)))
    if answered:
        # Mostly within the target, some late.
        wait = rng.randint(60, target) if rng.random() < 0.8 else \
            rng.randint(target + 1, target * 3)
        t = max(t + 1000, opened_ms + wait * 1000 + rng.randint(0, 999))
        comms.append((t, STAFF, rng.choice(STAFF_LINES)))
        for _ in range(rng.choice([0, 0, 1, 1, 2, 2, 3, 6])):
            t += rng.randint(120, 86400) * 1000 + rng.randint(0, 999)
            if rng.random() < 0.5:
                comms.append((t, STAFF, rng.choice(STAFF_LINES)))
            else:
                role, addr = rng.choice(TEAM)
                comms.append((t, "%s (Role) <%s>" % (role, addr),
                              DUMP if rng.random() < 0.03 else
                              rng.choice(CUSTOMER_LINES)))
    comms = [c for c in comms if c[0] <= LISTED]
    answered = any(who == STAFF for _, who, _ in comms)
    resolved = rng.random() < (0.55 if answered else 0.15)
    if resolved:
        status = "resolved"
    else:
        status = rng.choice(ANSWERED_STATUSES if answered else OPEN_STATUSES)

    # What describe-cases shows: the five most recent, newest first (or,
    # for some, in no order), with a nextToken when there were more.
    comms.sort(key=lambda c: c[0], reverse=True)
    listed = comms[:5]
    more = len(comms) > 5
    if rng.random() < 0.2:
        rng.shuffle(listed)
    comm_json = []
    for ms, who, body in listed:
        att = []
        if rng.random() < 0.1:
            att.append({"attachmentId": "attachment-%032x" %
                        rng.getrandbits(128),
                        "fileName": rng.choice(["logs.tar.gz",
                                                "screenshot.png"])})
        comm_json.append({"caseId": case_id, "body": body,
                          "submittedBy": who,
                          "timeCreated": fmt_ms(ms, with_ms or
                                                rng.random() < 0.5),
                          "attachmentSet": att})
    recent = {"communications": comm_json}
    if more:
        recent["nextToken"] = "AAMA-EFRSURBSGhBQU%012x==" % \
            rng.getrandbits(48)
    case = {
        "caseId": case_id,
        "displayId": "17%010d" % (rng.getrandbits(32) % 10**10),
        "subject": subject,
        "status": status,
        "serviceCode": service,
        "categoryCode": rng.choice(cats),
        "severityCode": sev,
        "submittedBy": opener,
        "timeCreated": fmt_ms(opened_ms, with_ms),
        "recentCommunications": recent,
        "ccEmailAddresses": rng.choice([[], [], ["sre@example.com"],
                                        ["sre@example.com",
                                         "cto@example.com"]]),
        "language": lang,
    }
    return case, expect(case, account_case)


def parse_sec(s):
    """Seconds of an AWS time, its fraction dropped (docs/formats.md 4)."""
    base = s.rstrip("Z").split(".")[0]
    t = datetime.datetime.strptime(base, "%Y-%m-%dT%H:%M:%S")
    return int(t.replace(tzinfo=datetime.timezone.utc).timestamp())


def expect(case, account_case):
    """What `cases export` must say of case (docs/formats.md 8, import
    --format aws, on an Enterprise account named acme)."""
    opened = parse_sec(case["timeCreated"])
    comms = case["recentCommunications"]["communications"]
    staff = [parse_sec(c["timeCreated"]) for c in comms
             if c["submittedBy"].strip().lower() == STAFF.lower()]
    first = min(staff) if staff else None
    latest = max(parse_sec(c["timeCreated"]) for c in comms) if comms \
        else None
    # Clock skew: up to 60 s before the opening counts as the opening.
    if first is not None and opened - 60 <= first < opened:
        first = opened
    if latest is not None and opened - 60 <= latest < opened:
        latest = opened
    sev, target = SEVERITIES[case["severityCode"]]
    if account_case:
        sev, target = "general", SEVERITIES["low"][1]
    resolved = None
    if case["status"] == "resolved":
        resolved = latest if latest is not None else opened
    status = "resolved" if resolved is not None else \
        "responded" if first is not None else "open"
    return {
        "external_id": case["caseId"],
        "account": "acme",
        "plan": "enterprise",
        "severity": sev,
        "category": "account-billing" if account_case else "technical",
        "channel": "console",
        "status": status,
        "opened_at": rfc3339(opened),
        "due_at": rfc3339(opened + target),
        "first_response_at": rfc3339(first) if first is not None else None,
        "resolved_at": rfc3339(resolved) if resolved is not None else None,
        "breached_at": None,
        "subject": case["subject"],
        "assignee": None,  # nobody: AWS's cases are assigned in cases
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", type=int, default=120)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("out")
    ap.add_argument("expected", nargs="?")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    # Distinct opening seconds, so that export's order is the file's.
    span = (END - START) // 1000
    secs = sorted(rng.sample(range(span), a.cases))
    cases, exp = [], []
    for i, s in enumerate(secs):
        c, e = gen_case(rng, i, START + s * 1000 + rng.randint(0, 999))
        cases.append(c)
        exp.append(e)
    # describe-cases lists the newest cases first.
    cases.reverse()
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump({"cases": cases}, f, indent=4, ensure_ascii=False)
        f.write("\n")
    if a.expected:
        with open(a.expected, "w", encoding="utf-8") as f:
            for e in exp:
                f.write(json.dumps(e, ensure_ascii=False,
                                   separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
