#!/usr/bin/python3
"""A loopback SMTP server for tiacheck's tests (Debian's aiosmtpd).

Listens on 127.0.0.1 on a free port, written to --port-file once it accepts
connections. Each message received is saved in --dir as msg-N.eml (the raw bytes)
and msg-N.json: the envelope ("from", "rcpt"), whether the session used TLS, the
login, and a parsed view (decoded subject, headers, MIME parts) so that tests in C
need no MIME decoder. The .json is written last (atomically): its presence means
the message is complete.

Options:
  --starttls CERT KEY     offer STARTTLS with this certificate
  --require-auth U:P      require AUTH PLAIN/LOGIN with this user and password
  --drop-after-data       read the message, then drop the connection (no reply)
  --lifetime SECONDS      stop by itself after this long (default 60)
Run with /usr/bin/python3.
"""
import argparse
import asyncio
import logging
import warnings
import email
import email.policy
import email.utils
import json
import os
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def parsed_view(raw):
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    view = {
        "subject": str(msg.get("Subject", "")),
        "raw_headers": raw.split(b"\r\n\r\n", 1)[0].decode("ascii", "replace"),
        "header_names": [k for k in msg.keys()],
        "headers": {k: str(v) for k, v in msg.items()},
        "content_type": msg.get_content_type(),
        "parts": [],
        "defects": [repr(d) for d in msg.defects],
        "max_line": max((len(l) for l in raw.split(b"\r\n")), default=0),
        "bare_lf": b"\n" in raw.replace(b"\r\n", b""),
    }
    date = msg.get("Date")
    try:
        dt = email.utils.parsedate_to_datetime(str(date)) if date else None
        view["date_iso"] = dt.strftime("%Y-%m-%dT%H:%M:%SZ") if dt else None
    except (TypeError, ValueError):
        view["date_iso"] = None
    for part in msg.walk():
        if part.is_multipart():
            continue
        view["parts"].append({
            "type": part.get_content_type(),
            "charset": part.get_content_charset(),
            "cte": str(part.get("Content-Transfer-Encoding", "")),
            "text": part.get_content().replace("\r\n", "\n"),
            "defects": [repr(d) for d in part.defects],
        })
    return view


class Handler:
    def __init__(self, args):
        self.args = args
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        if self.args.drop_after_data:
            server.transport.abort()
            return "421 dropped"  # never reaches the client
        self.count += 1
        base = os.path.join(self.args.dir, "msg-%d" % self.count)
        raw = envelope.original_content or envelope.content
        with open(base + ".eml", "wb") as f:
            f.write(raw)
        info = {
            "from": envelope.mail_from,
            "rcpt": list(envelope.rcpt_tos),
            "tls": session.ssl is not None,
            "login": session.auth_data if session.authenticated else None,
        }
        try:
            info.update(parsed_view(raw))
        except Exception as e:  # keep the raw message; report the parse error
            info["parse_error"] = repr(e)
        with open(base + ".json.tmp", "w", encoding="utf-8") as f:
            json.dump(info, f, ensure_ascii=False, indent=1)
        os.rename(base + ".json.tmp", base + ".json")
        return "250 OK queued as %d" % self.count


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--starttls", nargs=2, metavar=("CERT", "KEY"))
    ap.add_argument("--require-auth", metavar="USER:PASS")
    ap.add_argument("--drop-after-data", action="store_true")
    ap.add_argument("--lifetime", type=float, default=60.0)
    args = ap.parse_args()
    # quiet: the tests read the saved files, not this process's chatter
    warnings.filterwarnings("ignore")
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)
    logging.getLogger("mail.log").addHandler(logging.NullHandler())
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)

    tls = None
    if args.starttls:
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(args.starttls[0], args.starttls[1])

    kw = {}
    if args.require_auth:
        user, _, password = args.require_auth.partition(":")

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword) and
                  auth_data.login == user.encode() and
                  auth_data.password == password.encode())
            return AuthResult(success=ok, handled=False, auth_data=user if ok else None)

        kw = dict(authenticator=authenticator, auth_required=True,
                  auth_require_tls=bool(tls))

    handler = Handler(args)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)

    def factory():
        return SMTP(handler, hostname="tiacheck-test", tls_context=tls,
                    require_starttls=False, timeout=30, loop=loop, **kw)

    server = loop.run_until_complete(loop.create_server(factory, "127.0.0.1", 0))
    port = server.sockets[0].getsockname()[1]
    with open(args.port_file + ".tmp", "w") as f:
        f.write("%d\n" % port)
    os.rename(args.port_file + ".tmp", args.port_file)
    loop.call_later(args.lifetime, loop.stop)
    try:
        loop.run_forever()
    except KeyboardInterrupt:
        pass
    server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
