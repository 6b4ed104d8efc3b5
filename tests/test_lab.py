"""The notebooks as a person uses them: JupyterLab started by ``make lab``'s own launcher.

A real Jupyter server is started on a free 127.0.0.1 port with a token (``--allow-root``
added by the launcher when running as root). Every notebook is executed the way JupyterLab
executes it: read through the contents API, a session and kernel started through the
sessions API, each code cell sent as an ``execute_request`` over the kernel's websocket,
outputs collected from iopub. The server starts with *nothing processed* (the export is only
in a raw folder), so the first notebook ingests it; the next ones find processed data
without saved claims, and pages 01-03 run after ``make claims`` (claims saved, not the
report's figure tables): the states the report build (test_notebooks) does not cover. Then
JupyterLab itself, in headless Chromium: 00-scorecard and 01 opened and run with "Run All
Cells", and notebook 07's labeller driven by key presses. The labeller's logic is tested as
plain Python below.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pandas as pd
import pytest

from analysis.paths import results_dir

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
FIGURE_PAGES = ["01-being-sold-to", "02-superficial-ties", "03-vanity-metrics"]


# ----------------------------------------------------------------------------- a demo
@pytest.fixture(scope="module")
def demo_zip(tmp_path_factory) -> Path:
    from tools.demo import write_demo

    return write_demo(tmp_path_factory.mktemp("lab-demo"), size="small").zip_path


@pytest.fixture(scope="module")
def processed(demo_zip, tmp_path_factory) -> Path:
    from analysis.export import ingest

    out = tmp_path_factory.mktemp("lab-processed") / "processed"
    ingest(demo_zip, out)
    return out


# ----------------------------------------------------------------------------- the server
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """A running Jupyter server and the REST + websocket calls JupyterLab makes to it."""

    def __init__(self, port: int, token: str, proc: subprocess.Popen, log: Path):
        self.base, self.token, self.proc, self.log = f"http://127.0.0.1:{port}", token, proc, log

    def api(self, method: str, path: str, body: dict | None = None) -> dict | None:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(f"{self.base}{path}", data=data, method=method,
                                     headers={"Authorization": f"token {self.token}",
                                              "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as resp:
            text = resp.read()
        return json.loads(text) if text else None

    def run_notebook(self, name: str, timeout: float = 120) -> dict:
        """Open ``name`` as JupyterLab does and run every code cell; the notebook with its
        outputs (nothing is saved back)."""
        import websocket

        nb = self.api("GET", f"/api/contents/{name}?content=1")["content"]
        session = self.api("POST", "/api/sessions", {"path": name, "type": "notebook",
                                                     "name": name, "kernel": {"name": "python3"}})
        ws_url = (self.base.replace("http", "ws", 1)
                  + f"/api/kernels/{session['kernel']['id']}/channels?session_id={uuid.uuid4()}")
        ws = websocket.create_connection(ws_url, timeout=timeout,
                                         header=[f"Authorization: token {self.token}"])
        try:
            for cell in nb["cells"]:
                if cell["cell_type"] == "code":
                    cell["outputs"] = _execute(ws, _source(cell), timeout)
        finally:
            ws.close()
            self.api("DELETE", f"/api/sessions/{session['id']}")
        return nb

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _execute(ws, code: str, timeout: float) -> list[dict]:
    """One execute_request on the shell channel; the outputs it produced (iopub) until the
    kernel is idle again."""
    msg_id = uuid.uuid4().hex
    ws.send(json.dumps({
        "header": {"msg_id": msg_id, "username": "test", "session": uuid.uuid4().hex,
                   "msg_type": "execute_request", "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": code, "silent": False, "store_history": True,
                    "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
    outputs, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        msg = json.loads(ws.recv())
        if msg.get("parent_header", {}).get("msg_id") != msg_id or msg["channel"] != "iopub":
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind in ("stream", "display_data", "execute_result", "error"):
            outputs.append({"output_type": kind, **content})
        elif kind == "status" and content["execution_state"] == "idle":
            return outputs
    raise TimeoutError(f"cell did not finish within {timeout} s:\n{code[:200]}")


@contextlib.contextmanager
def jupyter_lab(demo_zip: Path, home: Path):
    """``python -m analysis.report.lab`` (what ``make lab`` runs) on a free port, serving a
    copy of the notebooks (JupyterLab's autosave must not touch the repository), with the
    demo export in a raw folder and nothing processed yet. Stopped in every case."""
    raw, notebooks = home / "raw", home / "notebooks"
    raw.mkdir()
    shutil.copy2(demo_zip, raw / demo_zip.name)
    shutil.copytree(ROOT / "notebooks", notebooks)
    settings = home / "config" / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)  # no "get Jupyter news?" toast over the screenshot
    (settings / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
    tracker = settings.parent / "notebook-extension"
    tracker.mkdir()  # every cell rendered, so the DOM and the screenshots hold them all
    (tracker / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    port, token = _free_port(), uuid.uuid4().hex
    env = {**os.environ, "LINKEDOUT_RAW": str(raw), "LINKEDOUT_PROCESSED": str(home / "processed"),
           "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "JUPYTER_CONFIG_DIR": str(home / "config"),
           "PYTHONWARNINGS": "ignore", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    log = home / "server.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "analysis.report.lab", "--no-ingest", "--no-browser",
             "--ServerApp.ip=127.0.0.1", f"--port={port}", "--ServerApp.port_retries=0",
             f"--IdentityProvider.token={token}", f"--notebooks={notebooks}",
             "--LabApp.expose_app_in_browser=True",
             "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    server = Lab(port, token, proc, log)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                server.api("GET", "/api/status")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"Jupyter did not start:\n{log.read_text()[-2000:]}")
                time.sleep(0.3)
        server.raw, server.processed, server.env = raw, home / "processed", env
        yield server
    finally:
        server.stop()


def _outputs(nb: dict) -> list[dict]:
    return [o for c in nb["cells"] if c["cell_type"] == "code" for o in c["outputs"]]


def test_the_notebooks_in_jupyterlab(demo_zip, tmp_path):
    """One server for every check (one test, so parallel workers never start two)."""
    with jupyter_lab(demo_zip, tmp_path) as lab:
        text = lab.log.read_text()
        assert "/lab/tree/00-scorecard.ipynb?token=" in text, "the URL opens the scorecard"
        assert "Running as root is not recommended" not in text and lab.proc.poll() is None
        executed = _run_from_every_state(lab)
        _check_no_errors_and_outputs(lab, executed)
        _check_figures_after_make_claims(executed)
        views = [o for o in _outputs(executed["07-label-messages"])
                 if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
        assert len(views) == 1, "notebook 07 shows the labeller widget"
        _in_chromium(lab, tmp_path)


def _run_from_every_state(lab: Lab) -> dict[str, dict]:
    """Every notebook run top to bottom through the server, from each state a person can
    open it in: 00 with nothing processed (it ingests), 04-07 with processed data and no
    saved results, then 01-03 after 'make claims' (claims saved, not the report's figure
    tables)."""
    names = [p.stem for p in NOTEBOOKS]
    raw_before = sorted(p.name for p in lab.raw.iterdir())
    runs = {n: lab.run_notebook(f"{n}.ipynb") for n in names if n not in FIGURE_PAGES}
    assert not (results_dir(lab.processed) / "claims.json").exists(), \
        "notebooks never save results"
    assert sorted(p.name for p in lab.raw.iterdir()) == raw_before, "data/raw is untouched"
    done = subprocess.run([sys.executable, "-m", "analysis", "claims"], cwd=ROOT, env=lab.env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    runs.update({n: lab.run_notebook(f"{n}.ipynb") for n in FIGURE_PAGES})
    return {n: runs[n] for n in names}


def _check_no_errors_and_outputs(lab: Lab, executed: dict[str, dict]) -> None:
    for name, nb in executed.items():
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        errors = [f"{o['ename']}: {o['evalue']}" for o in _outputs(nb)
                  if o["output_type"] == "error"]
        assert not errors, f"{name}: {errors}"
        # the parameters cell prints nothing, nor does the setup cell when results are saved
        assert sum(bool(c["outputs"]) for c in code) >= len(code) - 2, f"{name}: silent cells"
    first = json.dumps(_outputs(executed["00-scorecard"]))
    assert "Nothing processed yet" in first, "the first notebook says it reads the export"
    assert (lab.processed / "ledger.json").exists()


def _check_figures_after_make_claims(executed: dict[str, dict]) -> None:
    """Pages 01-03 read tables only the report saves: every figure has data all the same."""
    for name in FIGURE_PAGES:
        text = json.dumps(_outputs(executed[name]))
        assert "Evaluating the claims" not in text, f"{name}: the saved claims are used"
        assert [o for o in _outputs(executed[name]) if "image/png" in o.get("data", {})]
        assert "No data for this figure" not in text, name
    assert "No ties to show" not in json.dumps(_outputs(executed["02-superficial-ties"]))


# ----------------------------------------------------------------------------- the UI
RUN_ALL = """(async () => {
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  await panel.context.ready;
  await panel.sessionContext.ready;
  await app.commands.execute('notebook:run-all-cells');
  const cells = Array.from(panel.content.widgets);
  const outputs = cells.filter(w => w.model.type === 'code').map(w => w.model.outputs.toJSON());
  const figure = cells.findIndex(w => w.model.type === 'code' &&
      w.model.outputs.toJSON().some(o => o.data && o.data['image/png']));
  const at = Math.max(figure, 0);
  panel.content.activeCellIndex = at;
  cells[at].node.scrollIntoView();
  return JSON.stringify(outputs);
})()"""


def _notebook_open(browser, name: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    ready = (f"!!(window.jupyterapp && jupyterapp.shell.currentWidget && "
             f"jupyterapp.shell.currentWidget.context && "
             f"jupyterapp.shell.currentWidget.context.path === {json.dumps(name)} && "
             f"jupyterapp.shell.currentWidget.sessionContext.session)")
    while not browser.evaluate(ready):
        if time.monotonic() > deadline:
            raise TimeoutError(f"JupyterLab did not open {name}")
        time.sleep(0.5)


def _screenshot(browser, path: Path) -> Path:
    """The window as a person sees it (JupyterLab scrolls inside the page, not the page)."""
    import base64

    data = browser.call("Page.captureScreenshot", session=True, format="png")["data"]
    path.write_bytes(base64.b64decode(data))
    return path


def _in_chromium(lab: Lab, tmp_path: Path) -> None:
    """00-scorecard and a claim notebook opened in JupyterLab itself (headless Chromium),
    'Run All Cells', then every code cell has outputs in the notebook's model and none is
    an error. Screenshots are kept beside the test's files."""
    from test_browser import DevTools, ensure_chromium

    exe = ensure_chromium()
    (tmp_path / "profile").mkdir()
    browser = DevTools(exe, tmp_path / "profile")
    try:
        for name in ["00-scorecard.ipynb", "01-being-sold-to.ipynb"]:
            browser.open(f"{lab.base}/lab/tree/{name}?token={lab.token}")
            _notebook_open(browser, name)
            outputs = json.loads(browser.evaluate(RUN_ALL))
            time.sleep(1.5)  # let the figures paint before the screenshot
            shot = _screenshot(browser, tmp_path / name.replace(".ipynb", ".png"))
            print(f"\nJupyterLab screenshot: {shot}")
            assert len(outputs) >= 4 and sum(map(bool, outputs)) >= len(outputs) - 2, name
            errors = [o for cell in outputs for o in cell if o["output_type"] == "error"]
            assert not errors, [f"{o['ename']}: {o['evalue']}" for o in errors]
            assert any("image/png" in o.get("data", {}) for cell in outputs for o in cell)
        _label_with_the_keyboard(browser, lab, tmp_path)
    finally:
        browser.close()


def _label_with_the_keyboard(browser, lab: Lab, tmp_path: Path) -> None:
    """Notebook 07 in JupyterLab: click in the labeller's key box, press 1, s, 2 on the
    keyboard, then u: labels.csv follows every key."""
    from analysis.claims.context import load_labels

    name = "07-label-messages.ipynb"
    browser.open(f"{lab.base}/lab/tree/{name}?token={lab.token}")
    _notebook_open(browser, name)
    browser.evaluate(RUN_ALL)
    box = ".jp-OutputArea .widget-text input"
    deadline = time.monotonic() + 30
    while not browser.evaluate(f"!!document.querySelector({json.dumps(box)})"):
        assert time.monotonic() < deadline, "the labeller did not render"
        time.sleep(0.5)
    browser.evaluate(f"document.querySelector({json.dumps(box)}).scrollIntoView()")
    browser.evaluate(f"document.querySelector({json.dumps(box)}).focus()")
    path = lab.raw / "labels.csv"

    def state() -> tuple[list[str], str]:
        shown = browser.evaluate("Array.from(document.querySelectorAll('.jp-OutputArea "
                                 ".widget-html-content')).map(e => e.textContent).join(' | ')")
        return (list(load_labels(path)["label"]) if path.exists() else []), shown

    steps = [("1", ["sales_pitch"], "2 of", "1 labelled, 0 skipped"),
             ("s", ["sales_pitch"], "3 of", "1 labelled, 1 skipped"),
             ("2", ["sales_pitch", "recruiting"], "4 of", "2 labelled, 1 skipped"),
             ("u", ["sales_pitch"], "3 of", "1 labelled, 1 skipped")]
    for key, labels, number, counts in steps:
        for kind in ("keyDown", "keyUp"):
            browser.call("Input.dispatchKeyEvent", session=True, type=kind, key=key,
                         text=key if kind == "keyDown" else "",
                         windowsVirtualKeyCode=ord(key.upper()))
        deadline = time.monotonic() + 20
        while True:
            now, shown = state()
            if now == labels and number in shown and counts in shown:
                break
            assert time.monotonic() < deadline, f"after {key!r}: {now}, {shown[:300]}"
            time.sleep(0.3)
    browser.evaluate("document.querySelector('.jp-OutputArea .widget-vbox').scrollIntoView()")
    time.sleep(0.5)
    shot = _screenshot(browser, tmp_path / "07-labeller.png")
    print(f"\nJupyterLab screenshot: {shot}")


# ----------------------------------------------------------------------------- results
def test_notebooks_draw_figures_after_make_claims_without_the_report(processed, tmp_path):
    """'make claims' saves claims.json and the figure tables (the same writer as the report),
    beside the processed set and not in it."""
    from analysis.report import results

    work = tmp_path / "processed"
    shutil.copytree(processed, work)
    done = subprocess.run([sys.executable, "-m", "analysis", "claims", "--processed", str(work)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "LINKEDOUT_RAW": str(tmp_path / "raw")})
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "results" / "claims.json").exists()
    assert not (work / "claims.json").exists() and not (work / "claims").exists()
    loaded = results.load(work, labels=tmp_path / "no-labels.csv")
    assert loaded.origin == "saved"
    assert {"openers_by_year", "ties", "panel"} <= set(loaded.tables)
    assert all(len(t) for t in loaded.tables.values())


# ----------------------------------------------------------------------------- the labeller
@pytest.fixture
def session(processed, tmp_path):
    from analysis.labeller import Labeller

    return Labeller.from_processed(processed, n=12, seed=3, labels=tmp_path / "labels.csv")


def test_labeller_writes_labels_that_the_claims_accept(session, processed):
    from analysis.claims import Context
    from analysis.claims.context import load_labels

    assert session.total == 12 and not session.path.exists()
    for key in "12345s":
        assert session.key(key)
    labels = load_labels(session.path)
    assert list(labels["label"]) == ["sales_pitch", "recruiting", "request", "social",
                                     "automated"]
    assert list(labels["message_id"]) == list(session.items["message_id"][:5])
    assert list(labels["weight"]) == list(session.items["weight"][:5])
    ctx = Context(processed, labels=labels)  # the claims read them: the owner's label wins
    assert ctx.categories.loc[labels["message_id"], "label"].tolist() == list(labels["label"])


def test_labeller_undo_takes_back_the_last_decision_in_the_file(session):
    from analysis.claims.context import load_labels

    session.key("1")
    session.key("s")
    session.key("u")  # undoes the skip: the second opener is on screen again
    assert session.current()["number"] == 2
    session.key("4")
    session.key("u")
    session.key("u")
    assert session.position == 0 and load_labels(session.path).empty
    assert not session.key("x") and session.position == 0


def test_labeller_progress_and_the_end_of_the_queue(session):
    for _ in range(session.total):
        session.key("s")
    assert session.done and session.current() is None
    assert not session.key("1"), "no label once every opener was seen"
    assert (session.labelled, session.skipped) == (0, session.total)


def test_labeller_keeps_earlier_labels_and_leaves_them_out_of_the_next_sample(session, processed):
    from analysis.claims.context import load_labels
    from analysis.labeller import Labeller

    earlier = pd.DataFrame({"message_id": ["not-from-this-sample"], "label": ["social"],
                            "text": ["kept as it was"]})
    earlier.to_csv(session.path, index=False)
    session.key("2")
    session.key("3")
    labels = load_labels(session.path)
    assert set(labels["message_id"]) == {"not-from-this-sample", *session.items["message_id"][:2]}
    assert (labels["weight"] > 0).all()
    again = Labeller.from_processed(processed, n=12, seed=3, labels=session.path)
    assert not set(again.items["message_id"]) & set(labels["message_id"])


def test_a_recreated_session_on_the_same_sample_loses_no_label(processed, tmp_path):
    """Reloading the page re-creates the session on the same drawn sample: it starts after the
    openers already labelled, and neither a skip nor an undo there deletes an earlier label."""
    from analysis.claims.context import load_labels
    from analysis.labeller import Labeller
    from analysis.report import labelling

    path = tmp_path / "labels.csv"
    drawn = labelling.sample(processed, n=12, seed=3, labels=path)
    first = Labeller.from_sample(drawn, processed, labels=path)
    for key in "12345":
        first.key(key)
    kept = load_labels(path).set_index("message_id")["label"].to_dict()
    assert len(kept) == 5

    again = Labeller.from_sample(drawn, processed, labels=path)
    assert again.already_labelled == 5 and again.total == 7
    assert again.current()["message_id"] == str(drawn["message_id"].iloc[5])
    again.key("s")   # the first key press of the new session, a skip
    again.key("2")
    again.key("u")   # undo touches only the opener it labelled
    again.key("u")
    now = load_labels(path).set_index("message_id")["label"].to_dict()
    assert now == kept, "every earlier label survives the re-created session"
    again.key("3")
    assert len(load_labels(path)) == 6


def test_labeller_file_and_screen_are_pseudonymised(session):
    names = session.items["sender_name"].dropna().astype(str)
    names = {n for n in names if n.strip()}
    assert names, "the demo's openers carry sender names"
    for _ in range(session.total):
        now = session.current()
        assert now["sender"] == "you" or now["sender"].startswith("Contact ")
        for name in names:
            assert name.lower() not in now["text"].lower()
        session.key("4")
    written = session.path.read_text(encoding="utf-8")
    assert not any(name in written for name in names)
    texts = [t for t in session.items["text"] if isinstance(t, str) and len(t) > 20]
    assert not any(t in written for t in texts), "no message text in labels.csv"
    assert "Contact " in written


def test_hide_name_replaces_whole_words_only():
    from analysis.labeller import hide_name

    assert hide_name("Hi Ana Placeholder, Ana here", "Ana Placeholder", "Contact 1") == \
        "Hi Contact 1, Contact 1 here"
    assert hide_name("Banana", "Ana", "X") == "Banana"


def test_the_readme_example_for_digging_further_runs(processed, tmp_path):
    """The README's example of slicing one's own data, run as written on a processed demo."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("**Digging further.**", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    assert "Context()" in code and "Pseudonyms" in code
    env = {**os.environ, "LINKEDOUT_PROCESSED": str(processed),
           "LINKEDOUT_RAW": str(tmp_path / "raw"), "PYTHONWARNINGS": "ignore"}
    done = subprocess.run([sys.executable, "-c", code + "\nprint('rows', len(shareable))\n"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "sales_pitch" in done.stdout and "rows " in done.stdout
    assert any(v in done.stdout for v in ("supported", "contradicted", "inconclusive"))


def test_allow_root_only_for_root():
    """Jupyter refuses root without --allow-root; a normal user never gets the flag."""
    from analysis.report.lab import FIRST_NOTEBOOK, lab_command

    assert "--allow-root" in lab_command(root=True)
    user = lab_command(root=False)
    assert "--allow-root" not in user
    assert f"--LabApp.default_url=/lab/tree/{FIRST_NOTEBOOK}" in user
    assert ("--allow-root" in lab_command()) == (os.geteuid() == 0)
