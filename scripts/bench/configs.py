#!/usr/bin/env python3
"""configs: the same N benchmark documents as a tiacheck catalogue and as urlwatch jobs.

Document i is http://127.0.0.H:PORT/p/I.html. Documents are grouped into vendors of
--docs-per-vendor documents (dpa, privacy, subprocessors, ...); vendor v's documents all
live on address 127.0.0.(1 + v mod HOSTS), as a real vendor's documents live on one
host, so that a client's per-host limit acts on them together.

    configs.py --n 1000 --port 8099 --hosts 16 --out DIR
writes
    DIR/catalog/organisation.json, DIR/catalog/services/vendor-NNNNN.json,
    DIR/catalog/reference/* (copied from the repository's catalog/reference/)
    DIR/urlwatch/urls.yaml, DIR/urlwatch/urlwatch.yaml (stdout report only, no mail)
    DIR/curl.conf (every URL once, for a bare `curl --parallel` fetch)
"""
import argparse
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.normpath(os.path.join(HERE, "..", ".."))
DOC_KINDS = (("dpa", "dpa"), ("privacy", "privacy"), ("subprocessors", "subprocessors"))
MAX_SERVICES = 2000   # TC_CATALOG_MAX_SERVICES in include/tiacheck/catalog.h
COUNTRIES = ("IE", "DE", "NL", "SE", "FR", "FI", "DK", "AT")


def url_of(i, port, hosts, per_vendor):
    v = i // per_vendor
    return "http://127.0.0.%d:%d/p/%d.html" % (1 + v % hosts, port, i)


def vendors(n, per_vendor):
    """[(vendor index, [document indexes])]"""
    out = []
    for v in range((n + per_vendor - 1) // per_vendor):
        out.append((v, list(range(v * per_vendor, min(n, (v + 1) * per_vendor)))))
    return out


def write_catalog(d, a):
    cat = os.path.join(d, "catalog")
    svc = os.path.join(cat, "services")
    if os.path.isdir(cat):
        shutil.rmtree(cat)
    os.makedirs(svc)
    ref_src = os.path.join(TOP, "catalog", "reference")
    if os.path.isdir(ref_src):
        shutil.copytree(ref_src, os.path.join(cat, "reference"))
    org = {
        "name": "Bench AB",
        "country": "SE",
        "dpo": {"name": "Bench DPO", "email": "dpo@bench.example"},
        "default_lang": "en",
    }
    with open(os.path.join(cat, "organisation.json"), "w") as f:
        json.dump(org, f, indent=2)
        f.write("\n")
    for v, docs in vendors(a.n, a.docs_per_vendor):
        country = COUNTRIES[v % len(COUNTRIES)]
        s = {
            "id": "vendor-%05d" % v,
            "name": "Vendor %05d" % v,
            "legal_entity": "Vendor %05d Ltd" % v,
            "country": country,
            "role": "processor",
            "purpose": {"en": "Benchmark vendor %d" % v, "sv": "Testleverant\u00f6r %d" % v},
            "categories": ["email", "name"],
            "locations": [{"country": country, "kinds": ["storage", "processing"]}],
            "documents": [],
        }
        for j, i in enumerate(docs):
            doc_id, kind = DOC_KINDS[j % len(DOC_KINDS)]
            if j >= len(DOC_KINDS):
                doc_id = "%s-%d" % (doc_id, j)
            # static: urlwatch renders no script either; the browser backend's cost is
            # measured apart (bench.sh, "browser-rendered page")
            s["documents"].append({"id": doc_id, "kind": kind, "render": "static",
                                   "url": url_of(i, a.port, a.hosts, a.docs_per_vendor)})
        with open(os.path.join(svc, "vendor-%05d.json" % v), "w") as f:
            json.dump(s, f, indent=2)
            f.write("\n")


URLWATCH_CONFIG = """\
display:
  new: true
  error: true
  unchanged: false
  empty-diff: true
report:
  html:
    diff: unified
  text:
    details: true
    footer: true
    line_length: 75
    minimal: false
  markdown:
    details: true
    footer: true
    minimal: false
  stdout:
    color: false
    enabled: true
  email:
    enabled: false
job_defaults:
  all: {}
  shell: {}
  url: {}
  browser: {}
"""


def write_urlwatch(d, a):
    uw = os.path.join(d, "urlwatch")
    os.makedirs(uw, exist_ok=True)
    with open(os.path.join(uw, "urlwatch.yaml"), "w") as f:
        f.write(URLWATCH_CONFIG)
    with open(os.path.join(uw, "urls.yaml"), "w") as f:
        for i in range(a.n):
            if i:
                f.write("---\n")
            f.write("name: doc-%05d\nurl: %s\nfilter:\n  - css: body\n  - html2text\n  - strip\n"
                    % (i, url_of(i, a.port, a.hosts, a.docs_per_vendor)))
    open(os.path.join(uw, "hooks.py"), "w").close()


def write_curl(d, a):
    """A curl --config file fetching every document once (the floor of fetching)."""
    with open(os.path.join(d, "curl.conf"), "w") as f:
        for i in range(a.n):
            f.write('url = "%s"\noutput = "/dev/null"\n' % url_of(i, a.port, a.hosts, a.docs_per_vendor))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--hosts", type=int, default=16)
    ap.add_argument("--docs-per-vendor", type=int, default=0,
                    help="documents per vendor (default: 3, more when N / 3 vendors would pass "
                         "the catalogue's limit of %d service files)" % MAX_SERVICES)
    ap.add_argument("--out", required=True)
    ap.add_argument("--only", choices=("catalog", "urlwatch"))
    a = ap.parse_args()
    if a.docs_per_vendor <= 0:
        a.docs_per_vendor = max(3, -(-a.n // MAX_SERVICES))
    if a.only != "urlwatch":
        write_catalog(a.out, a)
    if a.only != "catalog":
        write_urlwatch(a.out, a)
        write_curl(a.out, a)
    return 0


if __name__ == "__main__":
    sys.exit(main())
