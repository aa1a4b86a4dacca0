#!/usr/bin/env python3
"""check-aws-data.py - the committed describe-cases test files are what
AWS's API can return, and the generated one is its generator's output.

usage: check-aws-data.py DATA_DIR

For every tests/data/aws-*.json: each member, at every depth, is a member
of the DescribeCasesResponse shape of AWS Support's API model (botocore,
python3-botocore on Debian: support 2013-04-15) with the model's type. For
aws-realistic.json: it holds what real data holds (see gen-aws.py), and
gen-aws.py writes it (and its expectations) byte for byte. Exits 1 naming
the first problem of each file.
"""
import datetime
import glob
import json
import os
import subprocess
import sys
import tempfile

try:
    import botocore.session
except ImportError:
    sys.exit("check-aws-data: needs botocore (Debian: apt-get install "
             "python3-botocore)")

PY_TYPES = {"string": str, "boolean": bool, "integer": int, "long": int,
            "list": list, "structure": dict, "map": dict}


def check(value, shape, path):
    """Problems of value against the botocore shape, as strings."""
    want = PY_TYPES.get(shape.type_name)
    if want is None:
        return ["%s: shape type %s not handled" % (path, shape.type_name)]
    if not isinstance(value, want) or (want is int and
                                       isinstance(value, bool)):
        return ["%s: %s, expected %s (%s)" % (path, type(value).__name__,
                                              shape.type_name, shape.name)]
    out = []
    if shape.type_name == "structure":
        for k, v in value.items():
            if k not in shape.members:
                out.append("%s.%s: not a member of %s" % (path, k,
                                                           shape.name))
            else:
                out += check(v, shape.members[k], "%s.%s" % (path, k))
    elif shape.type_name == "list":
        for i, v in enumerate(value):
            out += check(v, shape.member, "%s[%d]" % (path, i))
    elif shape.type_name == "string" and shape.enum and \
            value not in shape.enum:
        out.append("%s: %r not in %s" % (path, value, shape.enum))
    return out


def times(case):
    yield case["timeCreated"]
    for c in case["recentCommunications"]["communications"]:
        yield c["timeCreated"]


def features(doc, raw):
    """What real data holds that the realistic file must hold too."""
    cases = doc["cases"]
    comms = [c for k in cases
             for c in k["recentCommunications"]["communications"]]
    statuses = {k["status"] for k in cases}
    got = {
        "a customer signing with role and address":
            any(" (Role) <" in c["submittedBy"] for c in comms),
        "colleagues of the opener writing":
            any(c["submittedBy"].endswith("<%s>" % a) and
                a != k["submittedBy"]
                for k in cases
                for c in k["recentCommunications"]["communications"]
                for a in ["alice@example.com", "bob@example.com"]),
        "Amazon Web Services replies":
            any(c["submittedBy"] == "Amazon Web Services" for c in comms),
        "an unanswered case": any(
            all(c["submittedBy"] != "Amazon Web Services"
                for c in k["recentCommunications"]["communications"])
            for k in cases),
        "ccEmailAddresses": any(k["ccEmailAddresses"] for k in cases),
        "language ja": any(k["language"] == "ja" for k in cases),
        "attachmentSet": any(c["attachmentSet"] for c in comms),
        "categoryCode": all("categoryCode" in k for k in cases),
        "times with milliseconds":
            any("." in t for k in cases for t in times(k)),
        "times without": any("." not in t for k in cases for t in times(k)),
        "newest first": any(
            len(k["recentCommunications"]["communications"]) > 2 and
            [c["timeCreated"] for c in
             k["recentCommunications"]["communications"]] ==
            sorted((c["timeCreated"] for c in
                    k["recentCommunications"]["communications"]),
                   reverse=True) for k in cases),
        "shuffled": any(
            [c["timeCreated"][:19] for c in
             k["recentCommunications"]["communications"]] not in (
                sorted(c["timeCreated"][:19] for c in
                       k["recentCommunications"]["communications"]),
                sorted((c["timeCreated"][:19] for c in
                        k["recentCommunications"]["communications"]),
                       reverse=True)) for k in cases),
        "five most recent and a nextToken":
            any("nextToken" in k["recentCommunications"] and
                len(k["recentCommunications"]["communications"]) == 5
                for k in cases),
        "status all-open": "all-open" in statuses,
        "status customer-action-completed":
            "customer-action-completed" in statuses,
        "status resolved": "resolved" in statuses,
        "a NUL in a body, as \\u0000": "\\u0000" in raw,
        "the opener's message stamped before the case": any(
            c["timeCreated"] < k["timeCreated"]
            for k in cases
            for c in k["recentCommunications"]["communications"]),
        "billing cases": any(k["serviceCode"] == "billing" for k in cases),
    }
    return [what for what, ok in got.items() if not ok]


def main():
    data = sys.argv[1]
    model = botocore.session.get_session().get_service_model("support")
    shape = model.operation_model("DescribeCases").output_shape
    failed = 0
    files = sorted(glob.glob(os.path.join(data, "aws-*.json")))
    if len(files) < 3:
        print("check-aws-data: expected the aws-*.json files in %s" % data)
        return 1
    for path in files:
        with open(path, encoding="utf-8") as f:
            raw = f.read()
        doc = json.loads(raw)
        problems = check(doc, shape, "$")
        for k in doc.get("cases", []):
            for t in times(k):
                try:
                    datetime.datetime.strptime(
                        t, "%Y-%m-%dT%H:%M:%S.%fZ" if "." in t
                        else "%Y-%m-%dT%H:%M:%SZ")
                except ValueError:
                    problems.append("%s: time %r" % (k["caseId"], t))
        if os.path.basename(path) == "aws-realistic.json":
            problems += ["lacks " + f for f in features(doc, raw)]
        name = os.path.basename(path)
        if problems:
            failed += 1
            print("FAIL %s: %s" % (name, problems[0]))
        else:
            print("ok   %s: %d cases match %s of support %s" % (
                name, len(doc["cases"]), shape.name,
                model.metadata["apiVersion"]))
    # The realistic file is its generator's output.
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "aws-realistic.json")
        exp = os.path.join(tmp, "aws-realistic.expected.jsonl")
        subprocess.run([sys.executable, os.path.join(data, "gen-aws.py"),
                        out, exp], check=True)
        for mine, theirs in ((out, "aws-realistic.json"),
                             (exp, "aws-realistic.expected.jsonl")):
            with open(mine, "rb") as a, \
                    open(os.path.join(data, theirs), "rb") as b:
                if a.read() != b.read():
                    failed += 1
                    print("FAIL %s differs from what gen-aws.py writes "
                          "(run: tests/data/gen-aws.py "
                          "tests/data/aws-realistic.json "
                          "tests/data/aws-realistic.expected.jsonl)"
                          % theirs)
                else:
                    print("ok   %s is gen-aws.py's output" % theirs)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
