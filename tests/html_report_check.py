#!/usr/bin/env python3
"""`gicsim report --html`, as a user sees it: headless Chromium loads the page of a run
and the page of a sweep, takes a screenshot of each (kept in WORKDIR) and dumps the DOM.
Every chart must be there with data drawn (line paths with two points or more, bars with
an area), the screenshot must not be blank, and Chromium's log must hold no console
error (a page with a failing script proves the log check sees one). The file is
self-contained (no script, nothing fetched) and the same input gives the same bytes;
bad input exits 2 with one line and writes nothing.
usage: html_report_check.py GICSIM WORKDIR"""
import html.parser
import os
import re
import shutil
import subprocess
import sys

G, W = sys.argv[1], os.path.abspath(sys.argv[2])
SCENARIO = """name: html-check
system: {cpus: 2, seed: 5}
driver: linux
steps:
  - traffic: {devices: 8, events: 64, map: auto, pattern: zipf:1.1, rate: 5M/s, count: 200}
  - wait_until: quiescent
  - stats: reset
  - traffic: {devices: 8, events: 64, pattern: zipf:1.1, rate: 8M/s, count: 800}
  - wait_until: quiescent
  - expect_count: {count: 1, within: 1ms}
"""


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def gicsim(*args, rc=0):
    p = subprocess.run([G, *args], capture_output=True, text=True)
    if p.returncode != rc:
        fail(f"gicsim {args}: exit {p.returncode} (expected {rc}): {p.stderr}")
    return p


def chromium(page, *mode):
    """Chromium's stdout and log (stderr) for the page."""
    p = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                        "--enable-logging=stderr", "--v=0", f"--user-data-dir={W}/chrome",
                        "--window-size=1280,2400", *mode, f"file://{page}"],
                       capture_output=True, text=True, timeout=60)
    return p.stdout, p.stderr


def console_errors(log):
    """The page has no script: any console line (INFO:CONSOLE, ERROR:CONSOLE) is one."""
    return [l for l in log.splitlines() if "Uncaught" in l or re.search(r":CONSOLE[:(]", l)]


class Charts(html.parser.HTMLParser):
    """Per <svg class="chart">: its data elements that draw something."""

    def __init__(self):
        super().__init__()
        self.charts, self.depth, self.scripts, self.fetches = [], 0, 0, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            self.scripts += 1
        for k in ("src", "href"):
            if k in a:
                self.fetches.append(a[k])
        if tag == "svg" and "chart" in a.get("class", ""):
            self.charts.append(0)
            self.depth = 1
        elif self.depth and tag != "svg" and "data" in a.get("class", "").split():
            if tag == "path" and len(re.findall(r"[MLHV]", a.get("d", ""))) >= 2:
                self.charts[-1] += 1
            elif tag == "rect" and float(a["width"]) > 0 and float(a["height"]) > 0:
                self.charts[-1] += 1
            elif tag == "circle":
                self.charts[-1] += 1

    def handle_endtag(self, tag):
        if tag == "svg":
            self.depth = 0


def check_page(page, name, min_charts):
    shot = f"{W}/{name}.png"
    _, log = chromium(page, f"--screenshot={shot}")
    if not os.path.exists(shot) or not os.path.getsize(shot):
        fail(f"{name}: no screenshot")
    colours = subprocess.run(["identify", "-format", "%k", shot], capture_output=True,
                             text=True).stdout
    if not colours.isdigit() or int(colours) < 50:
        fail(f"{name}: the screenshot looks blank ({colours} colours)")
    dom, log2 = chromium(page, "--dump-dom")
    errors = console_errors(log + log2)
    if errors:
        fail(f"{name}: console errors: {errors}")
    c = Charts()
    c.feed(dom)
    if len(c.charts) < min_charts or not all(c.charts):
        fail(f"{name}: {len(c.charts)} charts (at least {min_charts}), data elements per "
             f"chart {c.charts}")
    if c.scripts or c.fetches:
        fail(f"{name}: scripts {c.scripts}, fetched {c.fetches}")
    text = open(page).read()
    if re.findall(r"https?://(?!www\.w3\.org/2000/svg)", text):
        fail(f"{name}: a network address in the page")
    return len(c.charts)


if not shutil.which("chromium"):
    fail("chromium is not installed (make deps installs it)")
shutil.rmtree(W, ignore_errors=True)
os.makedirs(W)
open(f"{W}/s.yaml", "w").write(SCENARIO)
gicsim("run", f"{W}/s.yaml", "--report", f"{W}/r.json", "-q")
gicsim("report", f"{W}/r.json", "--html", f"{W}/report.html")
gicsim("report", f"{W}/r.json", "--html", f"{W}/again.html")
if open(f"{W}/report.html", "rb").read() != open(f"{W}/again.html", "rb").read():
    fail("the same report gives different pages")
n_report = check_page(f"{W}/report.html", "report", 12)

gicsim("sweep", f"{W}/s.yaml", "--grid", "timing.its_event_cache_entries=64,256,1024",
       "--grid", "traffic.rate=2M/s..20M/s:4", "--out", f"{W}/sweep", "-j", "2")
gicsim("report", f"{W}/sweep", "--html", f"{W}/sweep.html")
if open(f"{W}/sweep.html").read() != open(f"{W}/sweep/report.html").read():
    fail("the sweep's report.html differs from gicsim report DIR")
n_sweep = check_page(f"{W}/sweep.html", "sweep", 18)

# The console check sees a failing script.
broken = f"{W}/broken.html"
open(broken, "w").write(open(f"{W}/report.html").read().replace(
    "</body>", "<script>undefinedFunction();</script></body>"))
if not console_errors(chromium(broken, "--dump-dom")[1]):
    fail("a page with a failing script shows no console error")

# Bad input: one line, exit 2, no page.
open(f"{W}/other.json", "w").write('{"result": "pass", "scenario": "x"}\n')
for args, word in [([f"{W}/other.json"], "not a gicsim report"),
                   ([f"{W}/nosuch.json"], "No such file"),
                   ([W], "results.json: No such file"),
                   ([f"{W}/s.yaml"], "s.yaml:1:")]:
    p = gicsim("report", *args, "--html", f"{W}/bad.html", rc=2)
    if word not in p.stderr or p.stderr.count("\n") != 1 or os.path.exists(f"{W}/bad.html"):
        fail(f"report {args}: {p.stderr!r}")
p = gicsim("report", f"{W}/r.json", "--html", f"{W}/none/x.html", rc=2)
if "No such file or directory" not in p.stderr:
    fail(f"an unwritable output: {p.stderr!r}")
print(f"html report renders: {n_report} charts for a run, {n_sweep} for a sweep; "
      f"screenshots in {W}")
