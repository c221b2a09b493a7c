#!/usr/bin/python3
"""countserver: counts every TCP connection made to it (tiacheck's browser tests).

Python 3 standard library only. Listens on --host (127.0.0.1) and --port (0: any free
port), writes the port to --port-file once it listens, and writes "CONNECTIONS REQUESTS"
to --count-file after each connection (atomically): connections accepted so far, and
those of them that sent at least one byte (a browser's speculative preconnect opens a
connection and sends nothing). Each connection's first line goes to stdout. Each
connection gets a tiny HTTP answer and is closed, whatever it sent (any method, a
CONNECT, a websocket upgrade). Stops by itself after --lifetime seconds (default 300)
or on SIGTERM/SIGINT. A test that must prove "nothing reached this address" checks
that the count file still says 0.
"""
import argparse
import os
import signal
import socket
import sys
import threading


def write_atomic(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description="counts connections")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--count-file", required=True)
    ap.add_argument("--lifetime", type=float, default=300.0)
    args = ap.parse_args()

    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((args.host, args.port))
    srv.listen(64)
    srv.settimeout(0.2)
    write_atomic(args.count_file, "0 0\n")
    write_atomic(args.port_file, "%d\n" % srv.getsockname()[1])

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *a: stop.set())
    signal.signal(signal.SIGINT, lambda *a: stop.set())
    threading.Timer(args.lifetime, stop.set).start()
    count = requests = 0
    while not stop.is_set():
        try:
            conn, _ = srv.accept()
        except socket.timeout:
            continue
        except OSError:
            break
        count += 1
        try:
            conn.settimeout(0.5)
            try:
                first = conn.recv(4096).split(b"\r\n", 1)[0]
            except OSError:
                first = b"(nothing)"
            print("connection %d: %s" % (count, first.decode("latin-1")[:200] or "(nothing)"),
                  flush=True)
            if first and first != b"(nothing)":
                requests += 1
            conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n"
                         b"Content-Length: 7\r\n\r\nreached")
        except OSError:
            pass
        conn.close()
        write_atomic(args.count_file, "%d %d\n" % (count, requests))
    srv.close()
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
