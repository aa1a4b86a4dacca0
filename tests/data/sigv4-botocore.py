#!/usr/bin/python3
# sigv4-botocore.py - write tests/data/sigv4-botocore.txt: AWS Support API
# requests (AWS JSON 1.1: POST /, X-Amz-Target, application/x-amz-json-1.1)
# signed by Debian's real botocore, for tests/test_sigv4.c to verify.
#
# usage: /usr/bin/python3 tests/data/sigv4-botocore.py > tests/data/sigv4-botocore.txt
#
# Debian's python3-botocore (1.29) is needed: run it with /usr/bin/python3,
# not a virtualenv's python. Each operation is signed twice:
#   client  - botocore's own `support` client serialises the call and signs
#             it as the aws CLI and boto3 do (with python3-awscrt installed,
#             as on Debian, through the CRT signer, AWS's C implementation);
#   sigv4   - botocore.auth.SigV4Auth, the pure-Python signer, on the same
#             request.
# plus a few requests that exercise the general canonical form with the
# pure-Python signer: a path with dot segments and percent-escapes, a query
# string, an X-Amz-Content-SHA256 header, a header value with inner runs of
# spaces, and one signed for another service (which `support` refuses).
# The signing clock, the invocation ids and the User-Agent are fixed, so
# the output only changes with botocore.
#
# Record format, one field a line, records separated by "end":
#   request NAME | expect ok|ERRORNAME | service SERVICE | key ID
#   secret SECRET | time UNIX_SECONDS (when it was signed)
#   method M | path P | query Q | header NAME: VALUE (in order, repeated)
#   body HEX
import calendar
import datetime
import sys
import types
import uuid
from urllib.parse import urlsplit

import botocore
import botocore.auth
import botocore.session
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

try:
    import botocore.crt.auth as crt_auth
except ImportError:  # no awscrt: the client signs with SigV4Auth
    crt_auth = None


class Clock:
    now = datetime.datetime(2026, 11, 26, 9, 0, 0)


class FixedDatetime(datetime.datetime):
    @classmethod
    def utcnow(cls):
        n = Clock.now
        return cls(n.year, n.month, n.day, n.hour, n.minute, n.second)


# Both signers read the clock through their module's `datetime` name.
fake = types.SimpleNamespace(datetime=FixedDatetime,
                             timezone=datetime.timezone)
botocore.auth.datetime = fake
if crt_auth is not None:
    crt_auth.datetime = fake

# amz-sdk-invocation-id: numbered, not random.
_ids = iter(range(1, 1 << 30))
uuid.uuid4 = lambda: uuid.UUID(int=next(_ids))

KEY = "CKIAQ2VJ7RTXW4M3LNBA"
SECRET = "tS9v+3kQ/Zr1Lw0yXbH7pEj5cN2mUa8dF6gRi4oV"
ENDPOINT = "http://127.0.0.1:8080"


class Captured(Exception):
    pass


def host_of(url):
    # What an HTTP client sends as Host: the port only when not default.
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}[parts.scheme]
    if parts.port and parts.port != default:
        return f"{parts.hostname}:{parts.port}"
    return parts.hostname


def text(v):
    return v.decode("ascii") if isinstance(v, bytes) else str(v)


def emit(name, expect, service, secret, when, method, url, headers, body):
    parts = urlsplit(url)
    names = [n.lower() for n, _ in headers]
    if "host" not in names:
        headers = [("Host", host_of(url))] + headers
    out = sys.stdout
    out.write(f"request {name}\n")
    out.write(f"expect {expect}\n")
    out.write(f"service {service}\n")
    out.write(f"key {KEY}\n")
    out.write(f"secret {secret}\n")
    out.write(f"time {calendar.timegm(when.timetuple())}\n")
    out.write(f"method {method}\n")
    out.write(f"path {parts.path}\n")
    out.write(f"query {parts.query}\n")
    for n, v in headers:
        v = text(v)
        assert all(c == "\t" or c.isprintable() for c in v), (n, v)
        out.write(f"header {n}: {v}\n")
    if isinstance(body, str):
        body = body.encode("utf-8")
    out.write(f"body {(body or b'').hex()}\n")
    out.write("end\n")


def client_request(region, op, params):
    """The prepared request botocore's support client sends for op."""
    session = botocore.session.get_session()
    client = session.create_client(
        "support", region_name=region, endpoint_url=ENDPOINT,
        aws_access_key_id=KEY, aws_secret_access_key=SECRET,
        config=Config(user_agent=f"Botocore/{botocore.__version__}"))
    got = []

    def capture(request, **kwargs):
        got.append(request)
        raise Captured()

    client.meta.events.register("before-send", capture)
    try:
        getattr(client, op)(**params)
    except Captured:
        pass
    return got[0]


def sigv4_sign(service, region, method, url, headers, body):
    """Sign with botocore.auth.SigV4Auth; the headers, as sent."""
    req = AWSRequest(method=method, url=url, data=body,
                     headers=dict(headers))
    botocore.auth.SigV4Auth(Credentials(KEY, SECRET), service,
                            region).add_auth(req)
    return [(n, text(v)) for n, v in req.headers.items()]


# The operations of the Support API, as botocore serialises them.
OPERATIONS = [
    ("create-case", "us-east-1", "create_case",
     dict(subject="Checkout returns 502 \u2014 caf\u00e9 down",
          communicationBody="Since 09:00 UTC every checkout fails.\n",
          serviceCode="general-info", categoryCode="other",
          severityCode="urgent", issueType="technical",
          ccEmailAddresses=["ops@example.com"], language="en")),
    ("describe-cases", "eu-west-1", "describe_cases",
     dict(afterTime="2026-11-01T00:00:00Z",
          beforeTime="2026-11-26T00:00:00Z",
          includeResolvedCases=True, includeCommunications=False,
          maxResults=10, language="en")),
    ("add-communication", "us-west-2", "add_communication_to_case",
     dict(caseId="case-123456789012-muen-2026-1b5e5a1d0d1c6f2b",
          communicationBody="Still failing after the restart.",
          ccEmailAddresses=["a@example.com", "b@example.com"])),
    ("resolve-case", "ap-southeast-2", "resolve_case",
     dict(caseId="case-123456789012-muen-2026-1b5e5a1d0d1c6f2b")),
    ("describe-severity-levels", "us-east-1",
     "describe_severity_levels", dict(language="en")),
]


def main():
    when = Clock.now
    print(f"# Generated by tests/data/sigv4-botocore.py with botocore "
          f"{botocore.__version__}; signer of the client records: "
          f"{'CRT' if crt_auth is not None else 'SigV4Auth'}.")
    for name, region, op, params in OPERATIONS:
        prepared = client_request(region, op, params)
        sent = [(n, text(v)) for n, v in prepared.headers.items()]
        emit("client-" + name, "ok", "support", SECRET, when,
             prepared.method, prepared.url, sent, prepared.body)
        # The same request, signed by the pure-Python signer.
        unsigned = [(n, v) for n, v in sent
                    if n.lower() not in ("authorization", "x-amz-date",
                                         "host")]
        emit("sigv4-" + name, "ok", "support", SECRET, when, "POST",
             prepared.url,
             sigv4_sign("support", region, "POST", prepared.url, unsigned,
                        prepared.body),
             prepared.body)

    body = '{"language": "en"}'
    base = [("X-Amz-Target", "AWSSupport_20130415.DescribeServices"),
            ("Content-Type", "application/x-amz-json-1.1")]

    # Just before midnight: the scope date is X-Amz-Date's date.
    Clock.now = datetime.datetime(2026, 12, 31, 23, 59, 59)
    emit("sigv4-new-year-eve", "ok", "support", SECRET, Clock.now, "POST",
         ENDPOINT + "/", sigv4_sign("support", "us-east-1", "POST",
                                    ENDPOINT + "/", base, body), body)
    Clock.now = when

    # An explicit payload hash header, which botocore signs as it is.
    import hashlib
    sha = hashlib.sha256(body.encode()).hexdigest()
    hdrs = base + [("X-Amz-Content-SHA256", sha)]
    emit("sigv4-content-sha256", "ok", "support", SECRET, when, "POST",
         ENDPOINT + "/", sigv4_sign("support", "us-east-1", "POST",
                                    ENDPOINT + "/", hdrs, body), body)

    # Inner runs of spaces and a tab in a signed header value.
    hdrs = base + [("X-Cases-Note", "a   b \t c")]
    emit("sigv4-header-spaces", "ok", "support", SECRET, when, "POST",
         ENDPOINT + "/", sigv4_sign("support", "us-east-1", "POST",
                                    ENDPOINT + "/", hdrs, body), body)

    # The general canonical form: dot segments, a doubled slash and a
    # percent-escape in the path (botocore normalises and encodes it once
    # more), a query string in its order as sent.
    url = "https://127.0.0.1:8443/a/./b/../c//%E1%88%B4(x)/?b=2&a=1&a=0&c"
    emit("sigv4-path-and-query", "ok", "support", SECRET, when, "GET",
         url, sigv4_sign("support", "us-east-1", "GET", url,
                         [("X-Amz-Target", "Test.Get")], b""), b"")

    # Signed for another service: refused with the service named.
    emit("sigv4-other-service", "InvalidSignatureException", "ec2",
         SECRET, when, "POST", ENDPOINT + "/",
         sigv4_sign("ec2", "us-east-1", "POST", ENDPOINT + "/", base, body),
         body)


if __name__ == "__main__":
    main()
