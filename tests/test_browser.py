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


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    exe = ensure_chromium()
    root = tmp_path_factory.mktemp("chromium")
    (root / "profile").mkdir()
    tools = DevTools(exe, root / "profile")
    yield tools
    tools.close()


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
        assert images, f"{page} shows no image"
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
    claims = json.loads((built.processed / "claims.json").read_text())
    assert [(c["claim_id"], c["verdict"], c["verdict"]) for c in claims] == \
        [tuple(r) for r in rows]
    visible = browser.evaluate("document.body.innerText")
    assert "Synthetic demo" in visible
    for c in claims:
        assert c["title"] in visible
