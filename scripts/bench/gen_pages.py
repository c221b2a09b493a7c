#!/usr/bin/env python3
"""gen_pages: the benchmark's vendor pages, real-sized and real-shaped.

A PageSet of N pages is built from a pool of templates: the real pages of
../shared/corpus/*/NNN.html when present (pages under 20 KB, such as bot-challenge
pages, are skipped), else pages generated here (20-500 KB, log-uniform: head with
styles and scripts, navigation, cookie banner, long legal text, sub-processor tables,
footer). Page i is template (i mod T) with a block of its own inserted into the main
content (vendor name, a sub-processor table), so that every page, and every page's
meaningful text, is distinct, as it is across real vendors.

A page has a version (0 at first). Version v adds v substantive changes to the page's
own block: a new paragraph and a new sub-processor row each. Everything is deterministic
by seed: the same (seed, source, N, i, version) gives the same bytes.

Used as a module by server.py; as a program it writes pages to a directory:
    gen_pages.py --out DIR --count 200 [--seed 1] [--source auto|corpus|generated]
or checks that the benchmark's changes are visible to tiacheck's extractor:
    gen_pages.py --out TMPDIR --check build/bench/extract_bench
"""
import argparse
import glob
import hashlib
import math
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CORPUS = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "corpus"))
MIN_SIZE = 20 * 1024
MAX_SIZE = 500 * 1024
# GEN_MAX_KB (the bench sets it for its simulated N = 100,000): generated pages of at
# most this size, so that the run tests what grows with N (documents, rows, memory)
# in minutes, not the parser on 14 GB of markup.
if os.environ.get("GEN_MAX_KB"):
    MAX_SIZE = max(int(os.environ["GEN_MAX_KB"]) * 1024, MIN_SIZE + 1024)

WORDS = (
    "processor controller personal data processing purpose legitimate interest consent "
    "transfer third country safeguards standard contractual clauses supplementary measures "
    "encryption pseudonymisation retention period erasure rectification access portability "
    "objection restriction supervisory authority complaint lawful basis contract performance "
    "legal obligation vital interests public task sub-processor engagement notification "
    "objection period audit confidentiality integrity availability resilience incident "
    "breach notify without undue delay documented instructions customer service provider "
    "affiliate group company hosting infrastructure support analytics marketing billing "
    "security logs telemetry account information usage information device identifiers "
    "cookies similar technologies the of and to in for with on by as such any all that "
    "which where when shall may must will including without limitation pursuant applicable "
    "law regulation directive member state union european economic area adequacy decision "
    "framework certification binding corporate rules derogation necessary appropriate"
).split()

COUNTRIES = ("Ireland", "Germany", "Netherlands", "Sweden", "France", "United States",
             "United Kingdom", "India", "Japan", "Canada", "Singapore", "Australia",
             "Switzerland", "Poland", "Finland", "Brazil")
PURPOSES = ("Cloud hosting", "Customer support", "E-mail delivery", "Analytics",
            "Payment processing", "Content delivery", "Error monitoring", "Identity",
            "Data warehousing", "Translation", "Fraud prevention", "Backups")
SUFFIXES = ("Inc.", "Ltd", "GmbH", "AB", "B.V.", "SAS", "LLC", "Oy", "S.A.", "Pty Ltd")


def _words(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _sentence(rng):
    s = _words(rng, rng.randint(8, 30))
    return s[0].upper() + s[1:] + "."


def _para(rng):
    return " ".join(_sentence(rng) for _ in range(rng.randint(2, 7)))


def _entity(rng):
    name = rng.choice(WORDS).capitalize() + rng.choice(("ly", "io", "soft", "cloud", "net", "ware", "hub"))
    return "%s %s" % (name, rng.choice(SUFFIXES))


def _sub_rows(rng, n):
    out = []
    for _ in range(n):
        out.append("<tr><td class=\"c-name\"><span>%s</span></td><td>%s</td><td>%s</td>"
                   "<td><a href=\"https://example.com/%s?utm_source=bench\">details</a></td></tr>"
                   % (_entity(rng), rng.choice(PURPOSES), rng.choice(COUNTRIES), rng.randint(1, 99999)))
    return "\n".join(out)


def _css(rng, size):
    parts = []
    n = 0
    while n < size:
        cls = "c%x" % rng.getrandbits(32)
        r = ".%s{display:flex;margin:%dpx %dpx;padding:0 %dpx;color:#%06x;font:%dpx/1.5 sans-serif}" % (
            cls, rng.randint(0, 40), rng.randint(0, 40), rng.randint(0, 40), rng.getrandbits(24), rng.randint(10, 30))
        parts.append(r)
        n += len(r)
    return "".join(parts)


def _script(rng, size):
    parts = ["window.__DATA__={\"build\":\"%x\",\"routes\":[" % rng.getrandbits(64)]
    n = 0
    while n < size:
        r = "{\"path\":\"/%s/%s\",\"id\":%d,\"chunk\":\"%x\"}," % (
            rng.choice(WORDS), rng.choice(WORDS), rng.randint(1, 10 ** 6), rng.getrandbits(48))
        parts.append(r)
        n += len(r)
    parts.append("{}]};(function(){var q=[];function t(e){q.push(e)}window.track=t;})();")
    return "".join(parts)


def generate_template(seed, k):
    """One generated page (str), 20-500 KB, heavy markup, deterministic by (seed, k)."""
    rng = random.Random("tpl-%s-%d" % (seed, k))
    target = int(math.exp(rng.uniform(math.log(MIN_SIZE), math.log(MAX_SIZE))))
    if os.environ.get("GEN_MAX_KB"):
        target = min(target, MAX_SIZE)
    vendor = _entity(rng)
    head = ["<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">",
            "<title>%s Data Processing Addendum</title>" % vendor,
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"]
    for j in range(rng.randint(3, 12)):
        head.append("<link rel=\"preload\" href=\"/_next/static/chunks/%x.js\" as=\"script\">" % rng.getrandbits(40))
    # Styles and scripts: about a third of a real page's bytes.
    head.append("<style>%s</style>" % _css(rng, target // 8))
    head.append("<script>%s</script>" % _script(rng, target // 6))
    head.append("<script async src=\"https://www.googletagmanager.com/gtm.js?id=GTM-%X\"></script>" % rng.getrandbits(20))
    head.append("</head>")
    body = ["<body class=\"page dpa\"><div id=\"__next\">"]
    body.append("<div id=\"cookie-banner\" class=\"consent\" role=\"dialog\"><p>We use cookies to improve your "
                "experience.</p><button>Accept all</button><button>Reject</button><a href=\"/cookies\">Settings</a></div>")
    nav = ["<header><nav class=\"top\"><ul>"]
    for j in range(rng.randint(20, 60)):
        nav.append("<li class=\"nav-item\"><a class=\"nav-link\" href=\"/%s/%s\"><span>%s</span></a></li>"
                   % (rng.choice(WORDS), rng.choice(WORDS), rng.choice(WORDS).capitalize()))
    nav.append("</ul></nav></header>")
    body.extend(nav)
    body.append("<main id=\"content\"><article><h1>%s Data Processing Addendum</h1>" % vendor)
    body.append("<p class=\"updated\">Last updated: %d %s 2025</p>" % (rng.randint(1, 28), rng.choice(("March", "June", "October"))))
    size = sum(len(x) for x in head) + sum(len(x) for x in body)
    section = 0
    while size < target - 2000:
        section += 1
        chunk = ["<section><h2>%d. %s</h2>" % (section, _words(rng, rng.randint(2, 6)).title())]
        for _ in range(rng.randint(2, 6)):
            if rng.random() < 0.3:
                chunk.append("<h3>%d.%d %s</h3>" % (section, rng.randint(1, 9), _words(rng, 3).title()))
            chunk.append("<div class=\"rich-text\"><p>%s</p></div>" % _para(rng))
        if rng.random() < 0.35:
            chunk.append("<ul>%s</ul>" % "".join("<li>%s</li>" % _sentence(rng) for _ in range(rng.randint(3, 8))))
        if rng.random() < 0.25:
            chunk.append("<div class=\"table-wrap\"><table><thead><tr><th>Sub-processor</th><th>Purpose</th>"
                         "<th>Location</th><th>More</th></tr></thead><tbody>%s</tbody></table></div>"
                         % _sub_rows(rng, rng.randint(5, 25)))
        chunk.append("</section>")
        body.extend(chunk)
        size += sum(len(x) for x in chunk)
    body.append("</article></main>")
    body.append("<footer><ul>%s</ul><p>&copy; 2025 %s</p></footer>" % (
        "".join("<li><a href=\"/%s\">%s</a></li>" % (w, w) for w in rng.sample(WORDS, 12)), vendor))
    body.append("<script>window.track&&window.track({\"e\":\"view\",\"n\":\"%x\"})</script>" % rng.getrandbits(64))
    body.append("</div></body></html>\n")
    return "".join(head) + "".join(body)


def corpus_templates(corpus_dir):
    """The real pages of the corpus (bytes), skipping challenge/error pages."""
    out = []
    for path in sorted(glob.glob(os.path.join(corpus_dir, "*", "[0-9][0-9][0-9].html"))):
        try:
            if os.path.getsize(path) < MIN_SIZE:
                continue
            md = path[:-5] + ".md"
            if os.path.exists(md) and os.path.getsize(md) < 1000:
                continue
            with open(path, "rb") as f:
                out.append(f.read())
        except OSError:
            continue
    return out


def _inside_raw(low, p):
    """Is offset p inside a <script>, <style> or comment (where text is not text)?"""
    for o_tag, c_tag in ((b"<script", b"</script"), (b"<style", b"</style"), (b"<!--", b"-->")):
        if low.rfind(o_tag, 0, p) > low.rfind(c_tag, 0, p):
            return True
    return False


def _insert_at(html):
    """Byte offset where a page's own block goes: after the middle paragraph of the
    page (which is in the main content of any legal page, whatever its layout), else
    at the end of the main content; never inside a script, style or comment."""
    low = html.lower()
    ends = []
    p = low.find(b"</p>")
    while p >= 0:
        if not _inside_raw(low, p):
            ends.append(p + 4)
        p = low.find(b"</p>", p + 4)
    if ends:
        return ends[len(ends) // 2]
    for mark in (b"</main>", b"</article>", b"<footer", b"</body>"):
        p = low.rfind(mark)
        while p > 0 and _inside_raw(low, p):
            p = low.rfind(mark, 0, p)
        if p > 0:
            return p
    return len(html)


class PageSet:
    """N pages over a template pool; body(i, version) -> bytes."""

    def __init__(self, n, seed=1, source="auto", corpus_dir=DEFAULT_CORPUS, templates=64):
        self.n = n
        self.seed = seed
        tpls = []
        if source in ("auto", "corpus"):
            tpls = corpus_templates(corpus_dir)
            if not tpls and source == "corpus":
                raise SystemExit("gen_pages: no corpus pages under %s" % corpus_dir)
        self.source = "corpus" if tpls else "generated"
        if not tpls:
            tpls = [generate_template(seed, k).encode() for k in range(templates)]
        self.templates = []
        for t in tpls:
            p = _insert_at(t)
            self.templates.append((t[:p], t[p:]))
        # A seeded permutation so that neighbouring pages use different templates.
        rng = random.Random("perm-%s" % seed)
        self.order = list(range(len(self.templates)))
        rng.shuffle(self.order)
        h = hashlib.sha256(("%s|%s|%d" % (seed, self.source, len(self.templates))).encode())
        for t in tpls[:4]:
            h.update(t[:4096])
        self.token = h.hexdigest()[:12]

    def template_of(self, i):
        return self.order[i % len(self.order)]

    def own_block(self, i, version):
        rng = random.Random("page-%s-%d" % (self.seed, i))
        vendor = "Vendor %05d %s" % (i, _entity(rng))
        parts = ["\n<section class=\"vendor-notice\" id=\"vendor-%d\"><h2>About %s</h2>" % (i, vendor),
                 "<p>This notice of %s covers document %d. %s</p>" % (vendor, i, _para(rng)),
                 "<table><thead><tr><th>Sub-processor</th><th>Purpose</th><th>Location</th><th>More</th></tr>"
                 "</thead><tbody>", _sub_rows(rng, rng.randint(3, 8))]
        for k in range(1, version + 1):
            r2 = random.Random("change-%s-%d-%d" % (self.seed, i, k))
            parts.append("\n<tr><td>Added Processor %d-%d %s</td><td>%s</td><td>%s</td><td>since change %d</td></tr>"
                         % (i, k, r2.choice(SUFFIXES), r2.choice(PURPOSES), r2.choice(COUNTRIES), k))
        parts.append("</tbody></table>")
        for k in range(1, version + 1):
            r2 = random.Random("change-p-%s-%d-%d" % (self.seed, i, k))
            parts.append("<p>Change %d: we engaged a new sub-processor for %s. %s</p>"
                         % (k, r2.choice(PURPOSES).lower(), _para(r2)))
        parts.append("</section>\n")
        return "".join(parts).encode()

    def body(self, i, version=0):
        pre, post = self.templates[self.template_of(i)]
        return b"".join((pre, self.own_block(i, version), post))

    def etag(self, i, version=0):
        return '"%s-%d-%d"' % (self.token, i, version)


def check_templates(ps, extract_print, tmpdir):
    """For every template, does a page's own block, and a change to it, survive
    tiacheck's extraction? Returns the templates where it does not."""
    import subprocess
    bad = []
    path = os.path.join(tmpdir, "check.html")
    for t in range(len(ps.templates)):
        i = ps.order.index(t)
        with open(path, "wb") as f:
            f.write(ps.body(i, 1))
        r = subprocess.run([extract_print, "-p", path], capture_output=True)
        out = r.stdout.decode("utf-8", "replace")
        if ("Vendor %05d" % i) not in out or ("Added Processor %d-1" % i) not in out or "Change 1:" not in out:
            bad.append(t)
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="directory to write pages into")
    ap.add_argument("--check", metavar="EXTRACT_BENCH",
                    help="instead: check with `EXTRACT_BENCH -p` that every template's own block "
                         "and its changes survive extraction (exit 1 if not)")
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--seed", default="1")
    ap.add_argument("--source", choices=("auto", "corpus", "generated"), default="auto")
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    a = ap.parse_args()
    ps = PageSet(a.count, a.seed, a.source, a.corpus)
    os.makedirs(a.out, exist_ok=True)
    if a.check:
        bad = check_templates(ps, a.check, a.out)
        print("gen_pages: %s templates: a page's own block and its changes survive extraction in %d of %d%s"
              % (ps.source, len(ps.templates) - len(bad), len(ps.templates),
                 "" if not bad else " (lost in templates %s)" % bad[:10]))
        return 1 if bad else 0
    total = 0
    for i in range(a.count):
        b = ps.body(i)
        total += len(b)
        with open(os.path.join(a.out, "%05d.html" % i), "wb") as f:
            f.write(b)
    print("gen_pages: %d pages (%s, %d templates), %.1f MB, %.0f KB average"
          % (a.count, ps.source, len(ps.templates), total / 1e6, total / 1024 / max(1, a.count)))


if __name__ == "__main__":
    sys.exit(main())
