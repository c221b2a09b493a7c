#!/usr/bin/env python3
"""server: the benchmark's vendors, on loopback only (Python stdlib, asyncio).

Serves N pages (see gen_pages.py) at http://127.0.0.H:PORT/p/I.html on --hosts
loopback addresses 127.0.0.1 .. 127.0.0.HOSTS, all on one port. Any address answers
any page; configs.py puts each vendor's documents on one address, so that per-host
limits of a client act as they would against many vendors. Every page request waits
--delay-ms before it is answered (the latency of the internet); control requests do
not wait.

HTTP: GET/HEAD, keep-alive, ETag and Last-Modified on every page, 304 on a matching
If-None-Match (or, without one, If-Modified-Since not older than the page), optional
gzip (--gzip, when the client accepts it).

Control (any host):
  GET /__stats[?reset=1]        JSON counters: requests, ok, not_modified, bytes, ...
  GET /__mutate?share=S&seed=X  bump the version of round(S*N) pages chosen by seed:
                                each gets a new paragraph and a new sub-processor row;
                                prints the list of changed pages (JSON)
  GET /__reset                  every page back to version 0 (same bytes as at start)
  GET /__quit                   stop
The server also stops by itself after --lifetime seconds, and on SIGTERM/SIGINT.
"""
import argparse
import asyncio
import email.utils
import gzip
import json
import math
import os
import random
import signal
import sys
import time
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_pages  # noqa: E402

BASE_TIME = 1735689600  # 2025-01-01T00:00:00Z: Last-Modified of version 0


class Site:
    def __init__(self, a):
        self.a = a
        self.pages = gen_pages.PageSet(a.n, a.seed, a.source, a.corpus)
        self.version = {}
        self.mtime = {}
        self.gz = {}
        self.stats_reset()

    def stats_reset(self):
        self.stats = {"requests": 0, "ok": 0, "not_modified": 0, "not_found": 0, "head": 0,
                      "bytes": 0, "gzip": 0, "conditional": 0, "connections": 0,
                      "max_inflight": 0, "inflight": 0}

    def mutate(self, share, seed):
        k = int(round(share * self.a.n))
        rng = random.Random("mutate-%s" % seed)
        chosen = sorted(rng.sample(range(self.a.n), min(k, self.a.n)))
        # Last-Modified whole seconds after any earlier check, so that
        # If-Modified-Since from a run before the mutation never matches.
        when = math.floor(time.time()) + 1
        for i in chosen:
            self.version[i] = self.version.get(i, 0) + 1
            self.mtime[i] = when
        return chosen, when

    def reset(self):
        self.version.clear()
        self.mtime.clear()


def http_date(t):
    return email.utils.formatdate(t, usegmt=True)


def parse_http_date(s):
    try:
        d = email.utils.parsedate_to_datetime(s)
        return d.timestamp()
    except (TypeError, ValueError, IndexError):
        return None


async def handle(site, reader, writer):
    st = site.stats
    st["connections"] += 1
    loop = asyncio.get_running_loop()
    try:
        while True:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                return
            lines = head.decode("latin-1").split("\r\n")
            try:
                method, target, version = lines[0].split(" ", 2)
            except ValueError:
                writer.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                return
            hdr = {}
            for ln in lines[1:]:
                if ":" in ln:
                    k, v = ln.split(":", 1)
                    hdr[k.strip().lower()] = v.strip()
            clen = int(hdr.get("content-length", "0") or 0)
            if clen:
                await reader.readexactly(clen)
            keep = (version == "HTTP/1.1" and hdr.get("connection", "").lower() != "close") or \
                hdr.get("connection", "").lower() == "keep-alive"
            u = urlsplit(target)
            if u.path.startswith("/__"):
                status, ctype, body = control(site, u.path, parse_qs(u.query))
                if u.path == "/__mutate" and status.startswith("200"):
                    # Answer once the new Last-Modified second has begun.
                    await asyncio.sleep(max(0.0, json.loads(body)["last_modified"] - time.time()) + 0.01)
                writer.write(("HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n"
                              "Connection: close\r\n\r\n" % (status, ctype, len(body))).encode() + body)
                await writer.drain()
                if u.path == "/__quit":
                    loop.call_soon(site.stop.set)
                return
            st["requests"] += 1
            st["inflight"] += 1
            st["max_inflight"] = max(st["max_inflight"], st["inflight"])
            try:
                if site.a.delay_ms:
                    await asyncio.sleep(site.a.delay_ms / 1000.0)
                out = respond(site, method, u.path, hdr, keep)
            finally:
                st["inflight"] -= 1
            writer.writelines(out)
            await writer.drain()
            if not keep:
                return
    except ConnectionError:
        return
    finally:
        try:
            writer.close()
        except Exception:
            pass


def respond(site, method, path, hdr, keep):
    st = site.stats
    conn = "keep-alive" if keep else "close"
    i = -1
    if path.startswith("/p/") and path.endswith(".html"):
        try:
            i = int(path[3:-5])
        except ValueError:
            i = -1
    if i < 0 or i >= site.a.n or method not in ("GET", "HEAD"):
        st["not_found"] += 1
        return [("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n"
                 "Connection: %s\r\n\r\nnot found\n" % conn).encode()]
    v = site.version.get(i, 0)
    etag = site.pages.etag(i, v)
    mtime = site.mtime.get(i, BASE_TIME)
    common = "ETag: %s\r\nLast-Modified: %s\r\nCache-Control: max-age=0\r\nConnection: %s\r\n" % (
        etag, http_date(mtime), conn)
    inm = hdr.get("if-none-match")
    ims = hdr.get("if-modified-since")
    if inm is not None or ims is not None:
        st["conditional"] += 1
    fresh = False
    if site.a.etag and inm is not None:
        fresh = etag in [x.strip() for x in inm.split(",")] or inm.strip() == "*"
    elif site.a.last_modified and ims is not None:
        t = parse_http_date(ims)
        fresh = t is not None and t >= mtime
    if fresh:
        st["not_modified"] += 1
        return [("HTTP/1.1 304 Not Modified\r\n%s\r\n" % common).encode()]
    body = site.pages.body(i, v)
    enc = ""
    if site.a.gzip and "gzip" in hdr.get("accept-encoding", ""):
        key = (i, v)
        gz = site.gz.get(key)
        if gz is None:
            gz = gzip.compress(body, 6, mtime=0)
            site.gz[key] = gz
        body = gz
        enc = "Content-Encoding: gzip\r\nVary: Accept-Encoding\r\n"
        st["gzip"] += 1
    st["ok"] += 1
    h = ("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n%s%s\r\n"
         % (len(body), enc, common)).encode()
    if method == "HEAD":
        st["head"] += 1
        return [h]
    st["bytes"] += len(body)
    return [h, body]


def control(site, path, q):
    def one(k, d):
        return q.get(k, [d])[0]
    if path == "/__stats":
        out = dict(site.stats)
        out.update(n=site.a.n, hosts=site.a.hosts, delay_ms=site.a.delay_ms, source=site.pages.source,
                   templates=len(site.pages.templates), changed_pages=len(site.version))
        if one("reset", "0") == "1":
            site.stats_reset()
        return "200 OK", "application/json", json.dumps(out).encode()
    if path == "/__mutate":
        try:
            share = float(one("share", "0.05"))
        except ValueError:
            return "400 Bad Request", "text/plain", b"bad share\n"
        chosen, when = site.mutate(share, one("seed", "1"))
        return "200 OK", "application/json", json.dumps({"changed": chosen, "last_modified": when}).encode()
    if path == "/__reset":
        site.reset()
        return "200 OK", "application/json", b'{"reset":true}'
    if path == "/__quit":
        return "200 OK", "application/json", b'{"quit":true}'
    return "404 Not Found", "text/plain", b"unknown control\n"


async def main_async(a):
    site = Site(a)
    site.stop = asyncio.Event()
    servers = []
    for h in range(1, a.hosts + 1):
        srv = await asyncio.start_server(lambda r, w: handle(site, r, w), "127.0.0.%d" % h, a.port,
                                         backlog=1024, reuse_address=True, limit=65536)
        servers.append(srv)
    loop = asyncio.get_running_loop()
    for s in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(s, site.stop.set)
    loop.call_later(a.lifetime, site.stop.set)
    msg = {"port": a.port, "hosts": a.hosts, "n": a.n, "source": site.pages.source,
           "templates": len(site.pages.templates), "pid": os.getpid()}
    if a.ready_file:
        tmp = a.ready_file + ".tmp"
        with open(tmp, "w") as f:
            json.dump(msg, f)
        os.replace(tmp, a.ready_file)
    print("server: " + json.dumps(msg), flush=True)
    await site.stop.wait()
    for srv in servers:
        srv.close()


def main():
    ap = argparse.ArgumentParser(description="tiacheck benchmark server (loopback only)")
    ap.add_argument("--n", type=int, default=100, help="number of pages")
    ap.add_argument("--port", type=int, default=8099)
    ap.add_argument("--hosts", type=int, default=16, help="loopback addresses 127.0.0.1..HOSTS (max 254)")
    ap.add_argument("--delay-ms", type=float, default=0.0, help="delay before each page response")
    ap.add_argument("--seed", default="1")
    ap.add_argument("--source", choices=("auto", "corpus", "generated"), default="auto")
    ap.add_argument("--corpus", default=gen_pages.DEFAULT_CORPUS)
    ap.add_argument("--gzip", action="store_true", help="gzip bodies for clients that accept it")
    ap.add_argument("--no-etag", dest="etag", action="store_false")
    ap.add_argument("--no-last-modified", dest="last_modified", action="store_false")
    ap.add_argument("--lifetime", type=float, default=3600.0, help="stop after this many seconds")
    ap.add_argument("--ready-file", help="write {port,...} JSON here once listening")
    a = ap.parse_args()
    if not 1 <= a.hosts <= 254:
        ap.error("--hosts must be 1..254")
    asyncio.run(main_async(a))


if __name__ == "__main__":
    main()
