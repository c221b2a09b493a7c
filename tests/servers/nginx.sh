#!/bin/sh
# nginx.sh: a real nginx on 127.0.0.1 for fetch tests, with a generated config in DIR.
#
#   nginx.sh start DIR [PORT_FILE]   start in the background; print the port (and on a
#                                    second line the HTTPS port, when openssl exists)
#   nginx.sh stop DIR                stop it (waits until it is gone)
#   nginx.sh run DIR PORT_FILE [LIFETIME]
#                                    run in the foreground (for a test that spawns it
#                                    and sends SIGTERM); exits by itself after LIFETIME
#                                    seconds (default 300)
#
# What it serves (root DIR/html):
#   /page.html      HTML (gzip'd when asked: Accept-Encoding), ETag, Last-Modified, 304
#   /policy.txt     text/plain, likewise
#   /moved-301      301 to /page.html       /moved-302   302 to /page.html
#   /moved-308      308 to /page.html       /gone        410
# HTTPS (when openssl is installed): the same site on a second port with a self-signed
# certificate for localhost and 127.0.0.1 in DIR/cert.pem (a test passes it as the CA).
# The port file holds the HTTP port on its first line and the HTTPS port on the second.
# DIR is created if missing; remove it yourself after stop.
set -eu
NGINX=${NGINX:-/usr/sbin/nginx}
cmd=${1:-}
dir=${2:-}
usage() { echo "usage: nginx.sh start DIR [PORT_FILE] | stop DIR | run DIR PORT_FILE [LIFETIME]" >&2; exit 2; }
[ -n "$cmd" ] && [ -n "$dir" ] || usage
[ -x "$NGINX" ] || { echo "nginx.sh: $NGINX not found (apt-get install nginx-light)" >&2; exit 3; }

free_port() {
	for py in /usr/bin/python3 python3; do
		if command -v "$py" >/dev/null 2>&1; then
			"$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
			return
		fi
	done
	echo $((20000 + $$ % 20000))
}

# configure DIR PORT TLSPORT: write DIR/nginx.conf and the static files
configure() {
	d=$1 port=$2 tport=$3
	mkdir -p "$d/html" "$d/tmp"
	tls=""
	if [ -n "$tport" ] && command -v openssl >/dev/null 2>&1 &&
	    { [ -s "$d/cert.pem" ] || openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
		-nodes -keyout "$d/key.pem" -out "$d/cert.pem" -days 2 -subj /CN=localhost \
		-addext "subjectAltName=DNS:localhost,IP:127.0.0.1" >/dev/null 2>&1; }; then
		tls="listen 127.0.0.1:$tport ssl; ssl_certificate $d/cert.pem; ssl_certificate_key $d/key.pem;"
	fi
	user_line=""
	[ "$(id -u)" -eq 0 ] && user_line="user $(id -un) $(id -gn);"
	cat >"$d/nginx.conf" <<CONF
$user_line
worker_processes 1;
pid $d/nginx.pid;
error_log $d/error.log warn;
events { worker_connections 256; }
http {
	access_log $d/access.log;
	# which connection served each request (tests of connection reuse)
	log_format conn '\$connection \$request_uri';
	access_log $d/conn.log conn;
	client_body_temp_path $d/tmp/body;
	proxy_temp_path $d/tmp/proxy;
	fastcgi_temp_path $d/tmp/fastcgi;
	uwsgi_temp_path $d/tmp/uwsgi;
	scgi_temp_path $d/tmp/scgi;
	types { text/html html; text/plain txt; application/pdf pdf; application/json json; }
	default_type application/octet-stream;
	charset utf-8;
	gzip on;
	gzip_min_length 64;
	gzip_types text/plain application/json;
	gzip_vary on;
	keepalive_timeout 30;
	server {
		listen 127.0.0.1:$port;
		listen 127.0.0.2:$port;
		$tls
		server_name localhost;
		root $d/html;
		location = /moved-301 { return 301 /page.html; }
		location = /moved-302 { return 302 /page.html; }
		location = /moved-308 { return 308 /page.html; }
		location = /gone { return 410; }
	}
}
CONF
	{
		echo '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Privacy policy</title></head><body>'
		echo '<h1>Privacy policy</h1>'
		i=1
		while [ $i -le 40 ]; do
			echo "<p>Paragraph $i: we process personal data only as described in this test page, which is long enough to be worth compressing.</p>"
			i=$((i + 1))
		done
		echo '</body></html>'
	} >"$d/html/page.html"
	printf 'Sub-processors\nExample Hosting AB, Sweden\nExample Mail Inc., United States\n%s\n' \
		"This plain text file is long enough for gzip to be applied to it by nginx." \
		>"$d/html/policy.txt"
}

case "$cmd" in
start)
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	tries=0
	while :; do
		port=$(free_port)
		tport=$(free_port)
		configure "$dir" "$port" "$tport"
		rm -f "$dir/nginx.pid"
		if "$NGINX" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" 2>>"$dir/error.log"; then
			break
		fi
		tries=$((tries + 1))
		[ $tries -lt 5 ] || { echo "nginx.sh: nginx did not start; see $dir/error.log" >&2; exit 3; }
	done
	i=0
	while [ ! -s "$dir/nginx.pid" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	ports=$port
	[ -n "$tls" ] && ports="$port
$tport"
	[ -n "${3:-}" ] && echo "$ports" >"$3"
	echo "$ports"
	;;
stop)
	[ -s "$dir/nginx.pid" ] || exit 0
	pid=$(cat "$dir/nginx.pid")
	kill -TERM "$pid" 2>/dev/null || exit 0
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	kill -KILL "$pid" 2>/dev/null || true
	;;
run)
	pf=${3:-}
	[ -n "$pf" ] || usage
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	port=$(free_port)
	tport=$(free_port)
	configure "$dir" "$port" "$tport"
	ports=$port
	[ -n "$tls" ] && ports="$port
$tport"
	echo "$ports" >"$pf.tmp" && mv "$pf.tmp" "$pf"
	# timeout forwards SIGTERM to nginx and ends it after the lifetime in any case
	exec timeout -s TERM "${4:-300}" "$NGINX" -p "$dir" -c "$dir/nginx.conf" \
		-e "$dir/error.log" -g 'daemon off;'
	;;
*) usage ;;
esac
