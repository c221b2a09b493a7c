#!/usr/bin/python3
"""faultserver: a hostile HTTP server on loopback for tiacheck's fetch tests.

Python 3 standard library only. Listens on --host (127.0.0.1) and --port (0: any free
port), writes the chosen port to --port-file once it listens, and stops by itself after
--lifetime seconds (default 300) or on SIGTERM/SIGINT.

Paths (GET; HEAD too):
  /ok                    HTML with ETag and Last-Modified; 304 on If-None-Match / -Since
  /slow-drip             Content-Length 100000, then one byte every 0.5 s
  /reset                 closes the connection abruptly (TCP RST), no response
  /flaky?key=K&fail=N    503 the first N times for key K, then 200 (&code=500 to vary)
  /429?key=K             429 with Retry-After: 1 the first time for K, then 200
  /404, /410             those statuses, with a small HTML body
  /redirect-loop         302 -> /redirect-loop-b -> 302 -> /redirect-loop
  /redirect-chain/N      302 to /redirect-chain/N-1; /redirect-chain/0 is 200
  /redirect-file         302 to file:///etc/passwd
  /redirect-ftp          302 to ftp://127.0.0.1/x
  /redirect-other-site   302 to http://localhost:PORT/ok (?to=HOST for another host)
  /redirect-to?url=U     302 to U, whatever it is (&code=301/307/308 to vary)
  /endless               chunked body that never ends (&slow=1: 10 bytes per second)
  /big?size=N            N bytes of text (default 1 MiB)
  /bomb?mb=N             gzip Content-Encoding of N MiB of zeros (default 1024, ~1 MB)
  /charset-latin1        Latin-1 bytes declared as charset=utf-8
  /challenge?code=N      a Cloudflare-style "Just a moment..." page, status 403
                         (code=503 or code=200 for the other variants)
  /empty                 200 with an empty body
  /pages/NAME            file NAME under --root; ETag/Last-Modified from mtime+size; 304
  /permanent             301 to /ok;  /permanent-308: 308 to /ok
  /__stats               JSON {"paths": {path: n}, "targets": {path?query: n},
                         "status": {"path status": n}, "max_inflight": n}
  /__stats?path=P[&status=S] or ?target=T   just the count, as text
  /__reset               clears the counters (stats, flaky and 429 keys)
Requests to /__stats and /__reset are not counted. --delay-ms N delays every other
response by N ms (benchmarks, parallelism tests).
"""
import argparse
import email.utils
import json
import mimetypes
import os
import signal
import socket
import struct
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

OK_ETAG = '"ok-v1"'
OK_LAST_MODIFIED = "Mon, 02 Nov 2026 10:00:00 GMT"
OK_BODY = (b"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Data Processing "
           b"Agreement</title></head><body><h1>Data Processing Agreement</h1><p>This test "
           b"page stands in for a vendor's document. It changes only when the test says "
           b"so.</p><ul><li>Sub-processor one</li><li>Sub-processor two</li></ul></body>"
           b"</html>\n")
CHALLENGE_BODY = (b"<!DOCTYPE html><html lang=\"en-US\"><head><title>Just a moment...</title>"
                  b"<meta http-equiv=\"refresh\" content=\"390\"></head><body><div "
                  b"class=\"main-wrapper\"><h1>example.test</h1><h2>Checking if the site "
                  b"connection is secure</h2><noscript>Enable JavaScript and cookies to "
                  b"continue</noscript></div><script src=\"/cdn-cgi/challenge-platform/h/b/"
                  b"orchestrate/chl_page/v1\"></script></body></html>\n")
LATIN1_BODY = ("<!DOCTYPE html><html><head><title>Integritetspolicy</title></head><body>"
               "<h1>Personuppgiftsbiträdesavtal</h1><p>Vi behandlar personuppgifter i "
               "Sverige och övriga EU/EES. Åtgärder för säkerhet.</p></body></html>\n"
               ).encode("latin-1")


class State:
    def __init__(self):
        self.lock = threading.RLock()
        self.reset()
        self.bombs = {}

    def reset(self):
        self.paths = {}
        self.targets = {}
        self.status = {}
        self.keys = {}
        self.inflight = 0
        self.max_inflight = 0

    def hit(self, path, target):
        with self.lock:
            self.paths[path] = self.paths.get(path, 0) + 1
            self.targets[target] = self.targets.get(target, 0) + 1
            self.inflight += 1
            self.max_inflight = max(self.max_inflight, self.inflight)

    def left(self):
        with self.lock:
            self.inflight -= 1

    def answered(self, path, status):
        key = "%s %d" % (path, status)
        with self.lock:
            self.status[key] = self.status.get(key, 0) + 1

    def count_key(self, key):
        with self.lock:
            self.keys[key] = self.keys.get(key, 0) + 1
            return self.keys[key]

    def bomb(self, mb):
        """gzip of mb MiB of zeros, built from identical full-flushed deflate blocks."""
        with self.lock:
            if mb in self.bombs:
                return self.bombs[mb]
        chunk = bytes(1 << 20)
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        first = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
        again = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
        parts = [first] + [again] * (mb - 1) + [c.flush(zlib.Z_FINISH)]
        crc = 0
        for _ in range(mb):  # about 1 s per GiB; built once per size
            crc = zlib.crc32(chunk, crc)
        header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
        trailer = struct.pack("<II", crc & 0xFFFFFFFF, (mb << 20) & 0xFFFFFFFF)
        body = header + b"".join(parts) + trailer
        with self.lock:
            self.bombs[mb] = body
        return body


STATE = State()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are separate writes
    server_version = "faultserver/1"
    sys_version = ""

    def version_string(self):
        return self.server_version

    def log_message(self, fmt, *args):
        if self.server.verbose:
            sys.stderr.write("faultserver: %s\n" % (fmt % args))

    # -- helpers --
    def send(self, status, body=b"", ctype="text/html; charset=utf-8", headers=()):
        STATE.answered(self.path_only, status)  # before the client can see it
        self.leave()
        self.send_response(status)
        if status != 304:
            self.send_header("Content-Type", ctype)
        for k, v in headers:
            self.send_header(k, v)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304 and self.command != "HEAD":
            self.wfile.write(body)

    def leave(self):
        """This request no longer counts as in flight (called once)."""
        if getattr(self, "inflight", False):
            self.inflight = False
            STATE.left()

    def not_modified(self, etag, last_modified):
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if inm is not None:
            tags = [t.strip() for t in inm.split(",")]
            return "*" in tags or etag in tags or ("W/" + etag) in tags
        if ims is not None:
            try:
                a = email.utils.parsedate_to_datetime(ims)
                b = email.utils.parsedate_to_datetime(last_modified)
                return b <= a
            except (TypeError, ValueError):
                return False
        return False

    def conditional(self, body, etag, last_modified, ctype="text/html; charset=utf-8"):
        hdrs = [("ETag", etag), ("Last-Modified", last_modified)]
        if self.not_modified(etag, last_modified):
            self.send(304, headers=hdrs)
        else:
            self.send(200, body, ctype, hdrs)

    def redirect(self, status, location):
        self.send(status, b"<p>moved</p>", headers=[("Location", location)])

    def drip(self, total, step, pause):
        """Send total bytes, step at a time, pausing; stop when the client goes away."""
        sent = 0
        deadline = time.time() + self.server.lifetime
        try:
            while sent < total and time.time() < deadline and not self.server.stopping:
                self.wfile.write(b"x" * step)
                self.wfile.flush()
                sent += step
                time.sleep(pause)
        except OSError:
            pass
        self.close_connection = True

    # -- dispatch --
    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        url = urlsplit(self.path)
        self.path_only = unquote(url.path)
        self.q = {k: v[-1] for k, v in parse_qs(url.query).items()}
        if self.path_only == "/__stats":
            return self.stats()
        if self.path_only == "/__reset":
            with STATE.lock:
                STATE.reset()
            return self.send(200, b"reset\n", "text/plain")
        STATE.hit(self.path_only, self.path)
        self.inflight = True
        try:
            if self.server.delay_ms:
                time.sleep(self.server.delay_ms / 1000.0)
            self.route()
        finally:
            self.leave()

    def route(self):
        p = self.path_only
        for prefix, fn in ROUTES:
            if p == prefix or (prefix.endswith("/") and p.startswith(prefix)):
                return fn(self)
        self.send(404, b"<h1>Not Found</h1>\n")

    def stats(self):
        with STATE.lock:
            if "target" in self.q:
                return self.send(200, b"%d" % STATE.targets.get(self.q["target"], 0),
                                 "text/plain")
            if "path" in self.q and "status" in self.q:
                key = "%s %s" % (self.q["path"], self.q["status"])
                return self.send(200, b"%d" % STATE.status.get(key, 0), "text/plain")
            if "path" in self.q:
                return self.send(200, b"%d" % STATE.paths.get(self.q["path"], 0),
                                 "text/plain")
            doc = {"paths": STATE.paths, "targets": STATE.targets, "status": STATE.status,
                   "max_inflight": STATE.max_inflight}
            body = json.dumps(doc, sort_keys=True).encode()
        self.send(200, body, "application/json")

    # -- the paths --
    def r_ok(self):
        self.conditional(OK_BODY, OK_ETAG, OK_LAST_MODIFIED)

    def r_slow_drip(self):
        STATE.answered(self.path_only, 200)
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self.drip(100000, 1, 0.5)

    def r_reset(self):
        STATE.answered(self.path_only, 0)
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.close_connection = True

    def r_flaky(self):
        key = self.q.get("key", "")
        fail = int(self.q.get("fail", "1"))
        n = STATE.count_key("flaky:" + key)
        if n <= fail:
            return self.send(int(self.q.get("code", "503")),
                             b"<h1>Temporarily unavailable</h1>\n")
        self.send(200, OK_BODY)

    def r_429(self):
        n = STATE.count_key("429:" + self.q.get("key", ""))
        if n == 1:
            return self.send(429, b"<h1>Too Many Requests</h1>\n",
                             headers=[("Retry-After", self.q.get("after", "1"))])
        self.send(200, OK_BODY)

    def r_404(self):
        self.send(404, b"<h1>Not Found</h1>\n")

    def r_410(self):
        self.send(410, b"<h1>Gone</h1>\n")

    def r_loop_a(self):
        self.redirect(302, "/redirect-loop-b")

    def r_loop_b(self):
        self.redirect(302, "/redirect-loop")

    def r_chain(self):
        try:
            n = int(self.path_only.rsplit("/", 1)[1])
        except ValueError:
            return self.send(400, b"bad N\n")
        if n <= 0:
            return self.send(200, OK_BODY)
        self.redirect(302, "/redirect-chain/%d" % (n - 1))

    def r_file(self):
        self.redirect(302, "file:///etc/passwd")

    def r_ftp(self):
        self.redirect(302, "ftp://127.0.0.1/x")

    def r_other_site(self):
        host = self.q.get("to", "localhost")
        self.redirect(302, "http://%s:%d/ok" % (host, self.server.server_address[1]))

    def r_redirect_to(self):
        self.redirect(int(self.q.get("code", "302")), self.q.get("url", "/ok"))

    def r_endless(self):
        slow = self.q.get("slow") == "1"
        STATE.answered(self.path_only, 200)
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        piece = b"x" * (10 if slow else 65536)
        chunk = b"%x\r\n%s\r\n" % (len(piece), piece)
        deadline = time.time() + self.server.lifetime
        try:
            while time.time() < deadline and not self.server.stopping:
                self.wfile.write(chunk)
                if slow:
                    self.wfile.flush()
                    time.sleep(1)
        except OSError:
            pass
        self.close_connection = True

    def r_big(self):
        size = int(self.q.get("size", str(1 << 20)))
        line = b"All work and no play makes a big body.\n"
        body = (line * (size // len(line) + 1))[:size]
        self.send(200, body, "text/plain")

    def r_bomb(self):
        body = STATE.bomb(int(self.q.get("mb", "1024")))
        self.send(200, body, "text/html", [("Content-Encoding", "gzip")])

    def r_latin1(self):
        self.send(200, LATIN1_BODY, "text/html; charset=utf-8")

    def r_challenge(self):
        code = int(self.q.get("code", "403"))
        self.send(code, CHALLENGE_BODY, "text/html; charset=UTF-8",
                  [("Server", "cloudflare"), ("cf-mitigated", "challenge"),
                   ("Cache-Control", "private, max-age=0, no-store")])

    def r_empty(self):
        self.send(200, b"")

    def r_pages(self):
        root = self.server.root
        if not root:
            return self.send(404, b"no --root\n")
        name = self.path_only[len("/pages/"):]
        path = os.path.realpath(os.path.join(root, name))
        if not path.startswith(os.path.realpath(root) + os.sep) or not os.path.isfile(path):
            return self.send(404, b"<h1>Not Found</h1>\n")
        st = os.stat(path)
        etag = '"%x-%x"' % (st.st_mtime_ns, st.st_size)
        lm = email.utils.formatdate(st.st_mtime, usegmt=True)
        with open(path, "rb") as f:
            body = f.read()
        ctype = mimetypes.guess_type(path)[0] or "application/octet-stream"
        if ctype.startswith("text/"):
            ctype += "; charset=utf-8"
        self.conditional(body, etag, lm, ctype)

    def r_permanent(self):
        self.redirect(301, "/ok")

    def r_permanent_308(self):
        self.redirect(308, "/ok")


ROUTES = [
    ("/ok", Handler.r_ok),
    ("/slow-drip", Handler.r_slow_drip),
    ("/reset", Handler.r_reset),
    ("/flaky", Handler.r_flaky),
    ("/429", Handler.r_429),
    ("/404", Handler.r_404),
    ("/410", Handler.r_410),
    ("/redirect-loop", Handler.r_loop_a),
    ("/redirect-loop-b", Handler.r_loop_b),
    ("/redirect-chain/", Handler.r_chain),
    ("/redirect-file", Handler.r_file),
    ("/redirect-ftp", Handler.r_ftp),
    ("/redirect-other-site", Handler.r_other_site),
    ("/redirect-to", Handler.r_redirect_to),
    ("/endless", Handler.r_endless),
    ("/big", Handler.r_big),
    ("/bomb", Handler.r_bomb),
    ("/charset-latin1", Handler.r_latin1),
    ("/challenge", Handler.r_challenge),
    ("/empty", Handler.r_empty),
    ("/pages/", Handler.r_pages),
    ("/permanent", Handler.r_permanent),
    ("/permanent-308", Handler.r_permanent_308),
]


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        if self.verbose:
            super().handle_error(request, client_address)


def main():
    ap = argparse.ArgumentParser(description="hostile HTTP server for tiacheck tests")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--root", help="directory served under /pages/")
    ap.add_argument("--lifetime", type=float, default=300.0)
    ap.add_argument("--delay-ms", type=int, default=0)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()

    srv = Server((args.host, args.port), Handler)
    srv.verbose = args.verbose
    srv.root = args.root
    srv.lifetime = args.lifetime
    srv.delay_ms = args.delay_ms
    srv.stopping = False
    port = srv.server_address[1]
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.replace(tmp, args.port_file)  # readers never see a half-written file
    else:
        print(port, flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *a: stop.set())
    signal.signal(signal.SIGINT, lambda *a: stop.set())
    t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    t.start()
    stop.wait(args.lifetime)
    srv.stopping = True
    srv.shutdown()
    srv.server_close()
    sys.stdout.flush()
    os._exit(0)  # daemon threads (drips, endless bodies) die with us


if __name__ == "__main__":
    main()
