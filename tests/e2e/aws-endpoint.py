#!/usr/bin/env python3
"""aws-endpoint.py - a tiny AWS Support endpoint for the `aws` CLI tests.

usage: aws-endpoint.py DESCRIBE_CASES.json PAGE_SIZE

Listens on 127.0.0.1 (a free port, printed on the first line of stdout)
and answers AWSSupport_20130415.DescribeCases with the cases of the file,
PAGE_SIZE at a time: each page but the last carries a nextToken, which
the next request gives back. Requests must ask for resolved cases and
communications, as `cases import --format aws` needs. Each request is
logged on stderr. Exits after 60 s in any case (tests also bound it with
timeout(1)).
"""
import http.server
import json
import sys
import threading

PREFIX = "AAMA-cGFnZQ-"  # an opaque-looking token: PREFIX + page number


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        try:
            req = json.loads(self.rfile.read(n) or b"{}")
        except ValueError:
            req = None
        target = self.headers.get("X-Amz-Target", "")
        sys.stderr.write("%s %s\n" % (target, json.dumps(req,
                                                         sort_keys=True)))
        if target != "AWSSupport_20130415.DescribeCases" or \
                not isinstance(req, dict) or \
                req.get("includeResolvedCases") is not True or \
                req.get("includeCommunications") is not True:
            return self.reply(400, {"__type": "InvalidParameterValue"
                                    "Exception", "message": "bad request"})
        tok = req.get("nextToken")
        if tok is None:
            page = 0
        elif tok.startswith(PREFIX) and tok[len(PREFIX):].isdigit():
            page = int(tok[len(PREFIX):])
        else:
            return self.reply(400, {"__type": "InvalidParameterValue"
                                    "Exception", "message": "bad token"})
        size = self.server.page_size
        cases = self.server.cases[page * size:(page + 1) * size]
        out = {"cases": cases}
        if (page + 1) * size < len(self.server.cases):
            out["nextToken"] = PREFIX + str(page + 1)
        self.reply(200, out)

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-amzn-RequestId", "00000000-0000-0000-0000-0")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        cases = json.load(f)["cases"]
    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    server.cases = cases
    server.page_size = int(sys.argv[2])
    print(server.server_address[1], flush=True)
    threading.Timer(60, server.shutdown).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
