#!/usr/bin/python3
"""vendorweb: the simulated vendor web of `make demo`, on 127.0.0.1 only.

Serves the files of one week: GET /NAME answers with the file NAME from
ROOT/weekN/ (N read from ROOT/current-week at each request, so the demo switches
weeks by writing that file), falling back to earlier weeks for files a week does not
change. A file NAME.status next to a page holds an HTTP status to answer with (the
page is then the body), so a week can make a vendor return 503 or a bot challenge.
Writes its port to --port-file once it listens and stops by itself after --lifetime
seconds (default 120) or on SIGTERM. Python 3 standard library only.
"""
import argparse
import http.server
import os
import signal
import socketserver
import sys
import threading


def find(root, week, name):
    for w in range(week, 0, -1):
        path = os.path.join(root, "week%d" % w, name)
        if os.path.isfile(path):
            return path
    return None


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "vendorweb/1"

    def log_message(self, fmt, *args):  # quiet: the demo prints its own lines
        pass

    def do_GET(self):
        root = self.server.root
        try:
            with open(os.path.join(root, "current-week")) as f:
                week = int(f.read().strip() or "1")
        except (OSError, ValueError):
            week = 1
        name = os.path.basename(self.path.split("?", 1)[0])
        path = find(root, week, name) if name and not name.endswith(".status") else None
        if path is None:
            self.send_error(404)
            return
        status = 200
        spath = find(root, week, name + ".status")
        # A .status file of this week (or none) decides; an older week's does not.
        if spath and os.path.dirname(spath) == os.path.join(root, "week%d" % week):
            with open(spath) as f:
                status = int(f.read().strip())
        with open(path, "rb") as f:
            body = f.read()
        self.send_response(status)
        ctype = "text/html; charset=utf-8" if name.endswith(".html") else "text/plain; charset=utf-8"
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--lifetime", type=float, default=120)
    a = ap.parse_args()
    srv = Server(("127.0.0.1", 0), Handler)
    srv.root = a.root
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.replace(tmp, a.port_file)
    stop = threading.Timer(a.lifetime, srv.shutdown)
    stop.daemon = True
    stop.start()
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=srv.shutdown).start())
    srv.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
