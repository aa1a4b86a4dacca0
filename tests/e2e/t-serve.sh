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
