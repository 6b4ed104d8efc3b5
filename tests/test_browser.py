"""The report in a real browser: Debian's Chromium, headless, opened from the file system.

Chromium is driven over the DevTools protocol (a websocket on 127.0.0.1, with
websocket-client, which Jupyter already depends on): every page must load with no console
error, no request other than file: and data: URLs, every image rendered (naturalWidth > 0),
and the scorecard must list every claim. Screenshots of every page are saved and their paths
printed. Chromium is installed with ``apt-get install -y chromium`` when missing; the test
skips only when that is impossible.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from test_report import local_links, shared_report

from analysis.claims import all_claims
from analysis.paths import results_dir

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--disable-default-apps", "--disable-extensions", "--mute-audio",
         "--window-size=1280,900", "--remote-debugging-port=0", "--remote-allow-origins=*"]
INSTALL = ["apt-get", "install", "-y", "-q", "chromium"]


def _find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def ensure_chromium() -> str:
    """Chromium's path, installing Debian's package when it is missing (once, under a lock:
    parallel test workers must not run apt-get together)."""
    found = _find_chromium()
    if found:
        return found
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip("Chromium is missing and cannot be installed here (needs root and "
                    "apt-get: apt-get install -y chromium)")
    lock_path = Path(tempfile.gettempdir()) / "linkedout-chromium-install.lock"
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _find_chromium():
            env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
            for cmd in (["apt-get", "update", "-q"], INSTALL):
                done = subprocess.run(cmd, env=env, capture_output=True, text=True,
                                      timeout=1200, check=False)
                if done.returncode:
                    pytest.skip(f"Chromium could not be installed ({' '.join(cmd)} failed: "
                                f"{done.stderr.strip().splitlines()[-1:]})")
    found = _find_chromium()
    if not found:
        pytest.skip("Chromium could not be installed (apt-get install -y chromium)")
    return found


class DevTools:
    """A minimal DevTools-protocol client: one browser, one page, events recorded."""

    def __init__(self, exe: str, profile: Path):
        self.profile = profile
        self.log = open(profile.parent / "chromium.log", "w")  # noqa: SIM115
        self.proc = subprocess.Popen([exe, *FLAGS, f"--user-data-dir={profile}",
                                      "about:blank"], stdout=self.log, stderr=self.log)
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not (port_file.exists() and len(port_file.read_text().split()) >= 2):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Chromium did not start: see {self.log.name}")
            time.sleep(0.1)
        port, path = port_file.read_text().split()[:2]
        import websocket

        self.ws = websocket.create_connection(f"ws://127.0.0.1:{port}{path}", timeout=60,
                                              suppress_origin=True)
        self.next_id, self.events = 0, []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target,
                                 flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.call(f"{domain}.enable", session=True)

    def call(self, method: str, session: bool = False, **params) -> dict:
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params}
        if session:
            msg["sessionId"] = self.session
        self.ws.send(json.dumps(msg))
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, event: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        start = len(self.events)
        while time.monotonic() < deadline:
            if any(e.get("method") == event for e in self.events[start:]):
                return
            self.events.append(json.loads(self.ws.recv()))
        raise TimeoutError(event)

    def open(self, url: str) -> list[dict]:
        """Navigate, wait for the load event (and a moment for late errors); the events."""
        start = len(self.events)
        self.call("Page.navigate", session=True, url=url)
        self.wait_for("Page.loadEventFired")
        self.evaluate("new Promise(r => setTimeout(r, 300))")
        return self.events[start:]

    def evaluate(self, expression: str):
        out = self.call("Runtime.evaluate", session=True, expression=expression,
                        returnByValue=True, awaitPromise=True)
        return out.get("result", {}).get("value")

    def screenshot(self, path: Path) -> Path:
        data = self.call("Page.captureScreenshot", session=True, format="png",
                         captureBeyondViewport=True)["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        with contextlib.suppress(Exception):  # already gone
            self.call("Browser.close")
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.ws.close()
        self.log.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return shared_report(tmp_path_factory)


def _problems(events: list[dict]) -> tuple[list[str], list[str]]:
    """(console errors and exceptions, requests to anything but file: and data:)."""
    errors, requests = [], []
    for e in events:
        method, p = e.get("method"), e.get("params", {})
        if method == "Runtime.exceptionThrown":
            errors.append(p["exceptionDetails"].get("text", "exception"))
        elif method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            errors.append(" ".join(str(a.get("value", a.get("description")))
                                   for a in p.get("args", [])))
        elif method == "Log.entryAdded" and p["entry"].get("level") == "error":
            errors.append(p["entry"].get("text", ""))
        elif method == "Network.requestWillBeSent":
            url = p["request"]["url"]
            if not url.startswith(("file:", "data:")):
                requests.append(url)
    return errors, requests


def test_every_page_renders_cleanly_offline(built, browser, tmp_path_factory):
    shots = tmp_path_factory.mktemp("screenshots")
    index_html = built.index.read_text(encoding="utf-8")
    pages = ["index.html", *sorted(local_links(index_html) - {"index.html"})]
    assert len(pages) >= 8
    saved = []
    for page in pages:
        events = browser.open((built.reports / page).as_uri())
        errors, requests = _problems(events)
        assert not errors, f"{page}: console errors {errors[:3]}"
        assert not requests, f"{page}: network requests {requests[:3]}"
        images = browser.evaluate(
            "Array.from(document.images).map(i => [i.complete, i.naturalWidth])")
        said = browser.evaluate("document.querySelectorAll('.lo-empty-figure').length")
        assert images or said, f"{page} shows no image and says why not"
        assert all(done and width > 0 for done, width in images), f"{page}: broken image"
        assert browser.evaluate("!!document.getElementById('lo-demo-banner')"), page
        saved.append(browser.screenshot(shots / page.replace(".html", ".png")))
    print("\nScreenshots:\n" + "\n".join(f"  {p}" for p in saved))
    assert all(p.stat().st_size > 10_000 for p in saved)


def test_scorecard_in_the_browser_lists_every_claim(built, browser):
    browser.open(built.index.as_uri())
    rows = browser.evaluate("Array.from(document.querySelectorAll('tr[data-claim]'))"
                            ".map(r => [r.dataset.claim, r.dataset.verdict, "
                            "r.querySelector('.verdict').textContent])")
    claims = json.loads((results_dir(built.processed) / "claims.json").read_text())
    assert [(c["claim_id"], c["verdict"], c["verdict"]) for c in claims] == \
        [tuple(r) for r in rows]
    visible = browser.evaluate("document.body.innerText")
    assert "Synthetic demo" in visible
    for c in claims:
        assert c["title"] in visible


# ----------------------------------------------------------------------------- hostile input
PAYLOAD = ('<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
           '<a href="javascript:window.__pwned=3">click</a></table>')


def _poison(path: Path, columns: dict[str, str], rows: int = 3) -> None:
    """Put PAYLOAD into ``columns`` of the first data rows of an export CSV, keeping any
    preamble above the header as it was."""
    import csv
    import io

    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if any(c in line for c in columns))
    reader = list(csv.reader(io.StringIO("\n".join(lines[start:]))))
    header = reader[0]
    for row in reader[1:rows + 1]:
        for col, value in columns.items():
            row[header.index(col)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(reader)
    path.write_text("\n".join(lines[:start] + [out.getvalue().rstrip("\n")]), encoding="utf-8")


def test_hostile_export_text_never_runs_in_the_revealed_report(browser, tmp_path):
    """Script tags, onerror images, javascript: links and a stray </table> in names,
    companies and messages stay text in the reveal-mode report, in a real browser."""
    import zipfile

    from analysis.report import build_report
    from tools.demo import write_demo

    demo = write_demo(tmp_path / "demo", size="small")
    export = tmp_path / "export"
    with zipfile.ZipFile(demo.zip_path) as zf:
        zf.extractall(export)
    _poison(export / "Connections.csv", {"First Name": PAYLOAD, "Company": PAYLOAD})
    _poison(export / "Positions.csv", {"Company Name": PAYLOAD, "Title": PAYLOAD}, rows=5)
    _poison(export / "messages.csv", {"FROM": PAYLOAD, "CONTENT": PAYLOAD,
                                      "CONVERSATION TITLE": PAYLOAD}, rows=20)
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    root = Path(__file__).resolve().parent.parent / "notebooks"
    for name in ("01-being-sold-to", "02-superficial-ties", "04-jobs-and-weak-ties"):
        shutil.copy(root / f"{name}.ipynb", notebooks)
    index = build_report(export=export, processed=tmp_path / "processed",
                         reports=tmp_path / "reports", show_code=False, reveal=True, jobs=2,
                         notebook_dir=notebooks, say=lambda _: None)
    pages = sorted(index.parent.glob("*.html"))
    shown = []
    assert any("__pwned" in p.read_text(encoding="utf-8") for p in pages), \
        "the payload should reach the revealed report (as text)"
    for page in pages:
        events = browser.open(page.as_uri())
        errors, requests = _problems(events)
        assert browser.evaluate("window.__pwned === undefined"), f"{page.name}: script ran"
        assert not requests, f"{page.name}: requests {requests[:3]}"
        assert not errors, f"{page.name}: console errors {errors[:3]}"
        injected = browser.evaluate(
            "Array.from(document.querySelectorAll('script,img,a')).filter(e => "
            "(e.textContent || '').includes('__pwned') || (e.getAttribute('onerror') || '')"
            ".includes('__pwned') || (e.getAttribute('href') || '').startsWith('javascript:'))"
            ".length")
        assert injected == 0, f"{page.name}: {injected} injected elements"
        shown.append(browser.evaluate("document.body.innerText.includes("
                                      "'<script>window.__pwned=1</script>')"))
        if page.name == "index.html":  # the stray </table> did not break the scorecard
            assert browser.evaluate("document.querySelectorAll('tr[data-claim]').length") == len(all_claims())
    assert any(shown), "the payload is shown as text somewhere (names are revealed)"
