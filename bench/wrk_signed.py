#!/usr/bin/python3
"""wrk_signed.py - a wrk Lua script that sends one AWS Support request,
signed now (Signature Version 4 by botocore, as the aws CLI signs it).

usage: wrk_signed.py URL KEY_ID SECRET OPERATION BODY_JSON > req.lua

The headers are fixed: every request wrk sends is the same signed
request, valid while its X-Amz-Date is within 15 minutes of the server's
clock, so sign it just before the run. Runs with Debian's python3 (it
has botocore).
"""
import json
import sys

import botocore.auth
import botocore.awsrequest
import botocore.credentials

url, key_id, secret, op, body = sys.argv[1:6]
req = botocore.awsrequest.AWSRequest(
    method="POST", url=url, data=body.encode(),
    headers={"Content-Type": "application/x-amz-json-1.1",
             "X-Amz-Target": "AWSSupport_20130415." + op})
botocore.auth.SigV4Auth(botocore.credentials.Credentials(key_id, secret),
                        "support", "us-east-1").add_auth(req)


def lua(s):
    return json.dumps(s)  # a JSON string is a valid Lua string here


print('wrk.method = "POST"')
print("wrk.body = %s" % lua(body))
for name, value in req.headers.items():
    print("wrk.headers[%s] = %s" % (lua(name), lua(value)))
# Count the answers that are not 200: wrk counts only 4xx/5xx as errors
# ("Non-2xx or 3xx responses"), which bench/run reads.
