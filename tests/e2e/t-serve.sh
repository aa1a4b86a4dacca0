# t-serve.sh - `cases serve`: options refused before anything starts.
# The server itself is tested with the real clients by tests/serve_test.py.

test_serve_bad_options() {
	local before
	run key add --staff Ana
	before=$(db_sum)
	run serve --listen 127.0.0.1
	expect_rc 2
	expect_err_line
	expect_err_has "127.0.0.1"
	run serve --listen localhost:8080
	expect_rc 2
	expect_err_line
	run serve --threads 0
	expect_rc 2
	expect_err_line
	expect_err_has "invalid --threads '0' (expected a whole number from 1 to 64)"
	run serve --max-connections -3
	expect_rc 2
	expect_err_line
	run serve --rate 10
	expect_rc 2
	expect_err_line
	expect_err_has "invalid --rate '10' (expected N/min"
	run serve --rate 0/min
	expect_rc 2
	expect_err_line
	run serve --tls-cert /nonexistent
	expect_rc 2
	expect_err_line
	expect_err_has "--tls-cert and --tls-key go together"
	run serve --staff-name ''
	expect_rc 2
	expect_err_line
	run serve extra
	expect_rc 2
	expect_err_line
	run serve --exec /bin/true
	expect_rc 2
	expect_err_line
	expect_err_has "--warn, --exec and --hook-timeout go with --check-every"
	run serve --check-every 0s
	expect_rc 2
	expect_err_line
	run serve --check-every soon
	expect_rc 2
	expect_err_line
	expect_eq "$(db_sum)" "$before" "database after refused serve options"
}

test_serve_port_in_use() {
	local port
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	python3 -c 'import socket,sys,time; s=socket.socket(); s.bind(("127.0.0.1",int(sys.argv[1]))); s.listen(); open(sys.argv[2],"w").close(); time.sleep(10)' "$port" "$_tmp/bound" &
	local holder=$! i
	for i in $(seq 50); do
		[ -e "$_tmp/bound" ] && break
		sleep 0.1
	done
	_last="serve --listen 127.0.0.1:$port"
	out=$(timeout 10 "$CASES" serve --listen "127.0.0.1:$port" 2>"$_tmp/stderr")
	rc=$?
	err=$(cat "$_tmp/stderr")
	kill "$holder" 2>/dev/null
	wait "$holder" 2>/dev/null
	expect_rc 1
	expect_err_line
	expect_err_has "127.0.0.1:$port"
}

# The live board once through (the browser test, tests/board_test.py,
# has the rest): here so that board.c also runs under Valgrind.
test_serve_board_for_staff_only() {
	local staff customer i port=
	run account add acme --plan enterprise
	run open --account acme --severity critical --subject '<i>down</i>' \
		--at 2000-01-01T00:00:00Z
	staff=$("$CASES" key add --staff Ana --format json)
	customer=$("$CASES" key add --account acme --format json)
	# Not under timeout(1): it passes our SIGTERM on to its process group
	# too, so the server gets two, and under ASan the second one killed
	# it mid-stop (exit 143). The wait is bounded below instead.
	"$CASES" serve --listen 127.0.0.1:0 --threads 1 \
		>"$_tmp/serve.out" 2>"$_tmp/serve.err" &
	local pid=$!
	for i in $(seq 600); do
		port=$(sed -n 's/^listening on .* port \([0-9]*\)$/\1/p' \
			"$_tmp/serve.out")
		[ -n "$port" ] && break
		sleep 0.1
	done
	_last="GET /board"
	out=$(timeout 60 python3 - "$port" "$staff" "$customer" <<'PY'
import base64, json, sys, urllib.error, urllib.request
port, staff, customer = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
def get(key=None, method="GET"):
    r = urllib.request.Request("http://127.0.0.1:%s/board" % port,
                               method=method)
    if key:
        r.add_header("Authorization", "Basic " + base64.b64encode(
            ("%s:%s" % (key["key_id"], key["secret"])).encode()).decode())
    try:
        with urllib.request.urlopen(r, timeout=50) as a:
            return a.status, a.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()
st, body = get(staff)
print(st, "&lt;i&gt;down&lt;/i&gt;" in body, "<i>" in body,
      'data-severity="business-critical"' in body)
print(get()[0], get(customer)[0], get(staff, "POST")[0])
PY
)
	kill -TERM "$pid"
	for i in $(seq 600); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid"
	rc=$?
	err=$(cat "$_tmp/serve.err")
	expect_rc 0
	expect_out "200 True False True
401 403 405"
	expect_err_has " Ana board 200 "
}
