#!/usr/bin/env python3
"""Measure a report's layout in headless Chromium (used by test_review.sh).

Usage: measure_layout.py CHROMIUM REPORT.html WIDTH WORKDIR
Prints one JSON object: the viewport width, the page's scrollWidth, the words in
table cells that the browser broke across lines (outside links and code; a break at a
soft hyphen is a syllable break, allowed), and the first elements wider than the page.
The report forbids scripts (Content-Security-Policy), so a copy without that meta
element and with a small measuring script is loaded; the report itself is unchanged.
"""
import json
import os
import re
import subprocess
import sys

SCRIPT = r"""
<script>
(function () {
  var broken = [];
  var cells = document.querySelectorAll('td, th');
  for (var i = 0; i < cells.length; i++) {
    var walker = document.createTreeWalker(cells[i], NodeFilter.SHOW_TEXT, null);
    var n;
    while ((n = walker.nextNode())) {
      if (n.parentElement.closest('a, code, .diff')) continue;
      var re = /[^\s\u00ad\u2013\u2014\/-]{2,}/g, m;
      while ((m = re.exec(n.data))) {
        var r = document.createRange();
        // after a soft hyphen the range would also hold the hyphen drawn at the end
        // of the line before: start one character later
        r.setStart(n, m.index + (m.index > 0 && n.data.charAt(m.index - 1) === '\u00ad' ? 1 : 0));
        r.setEnd(n, m.index + m[0].length);
        var tops = {};
        var rects = r.getClientRects();
        for (var k = 0; k < rects.length; k++) if (rects[k].width > 0.5) tops[Math.round(rects[k].top)] = 1;
        if (Object.keys(tops).length > 1) broken.push(m[0] + ' in: ' + n.data.slice(0, 60));
      }
    }
  }
  var wide = [];
  var all = document.body.getElementsByTagName('*');
  for (var j = 0; j < all.length && wide.length < 5; j++) {
    var b = all[j].getBoundingClientRect();
    if (b.right > window.innerWidth + 0.5 || all[j].scrollWidth > all[j].clientWidth + 1 && getComputedStyle(all[j]).overflowX === 'visible' && all[j].clientWidth > 0)
      wide.push(all[j].tagName.toLowerCase() + ': ' + (all[j].textContent || '').slice(0, 40));
  }
  var doc = window.parent && window.parent !== window ? window.parent.document : document;
  var out = doc.createElement('pre');
  out.id = 'tc-measure';
  out.textContent = JSON.stringify({
    viewport: window.innerWidth,
    scroll_width: document.documentElement.scrollWidth,
    broken_words: broken,
    too_wide: wide
  });
  doc.body.appendChild(out);
})();
</script>
"""


def main():
    chromium, report, width, work = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    html = open(report, encoding="utf-8").read()
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    html = html.replace("</body>", SCRIPT + "</body>")
    # Chromium's window is at least 500 px wide: the page is measured in a frame of
    # exactly WIDTH px (srcdoc: same origin, so the frame reports to its parent).
    page = os.path.join(work, "measure-%d.html" % width)
    host = ('<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{margin:0}'
            'iframe{border:0;display:block}</style></head><body><iframe width="%d" '
            'height="1800" srcdoc="%s"></iframe></body></html>'
            % (width, html.replace("&", "&amp;").replace('"', "&quot;")))
    with open(page, "w", encoding="utf-8") as f:
        f.write(host)
    dom = subprocess.run(
        [chromium, os.environ.get("TC_HEADLESS", "--headless"), "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--user-data-dir=" + os.path.join(work, "chromium-profile"),
         "--window-size=%d,2000" % max(width, 800), "--virtual-time-budget=2000", "--dump-dom",
         "file://" + page],
        capture_output=True, text=True, timeout=90).stdout
    m = re.search(r'<pre id="tc-measure">(.*?)</pre>', dom, re.S)
    if not m:
        print(json.dumps({"error": "no measurement in the page"}))
        return 1
    print(m.group(1).replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
