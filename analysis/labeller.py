"""Label conversation openers one at a time with the keyboard, straight into ``labels.csv``.

Labelling is what tells the owner how wrong the classifier is on their own inbox, so it has
to be quick: one opener on screen, one key per decision (1-5 for the five categories, ``s``
to skip, ``u`` to undo), and every decision saved at once, so closing the notebook loses
nothing. :class:`Labeller` holds the queue and the decisions and writes the file; it is plain
Python (tested without a browser). :func:`widget` is the thin ipywidgets layer notebook 07
shows in JupyterLab.

The file is the one the claims read (``message_id,label`` plus the sample's ``weight``, see
:func:`analysis.classify.read_labels`), pseudonymised like everything else: the sender is a
``Contact 0042`` pseudonym (the name only with ``reveal``) and no message text is written.
Rows already in the file are kept: a session rewrites only the rows it decided or undid, and
a session re-created on the same sample (after reloading the page, say) starts after the
openers already in the file, so no earlier label is ever lost.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pandas as pd

from .classify.model import CATEGORIES
from .privacy import WITHHELD, Pseudonyms, scrub

KEYS = {str(i): category for i, category in enumerate(CATEGORIES, start=1)}
SKIP_KEYS = frozenset("s ")
UNDO_KEYS = frozenset("uz")
COLUMNS = ["message_id", "label", "weight", "predicted", "confidence", "sent_at", "sender"]


class Labeller:
    """A queue of openers to label, the decisions taken on it, and the file they go to.

    ``sample`` is what :func:`analysis.report.labelling.sample` draws (``message_id``,
    ``text``, ``weight``, ``predicted``, ``confidence``, ``sent_at``, and the sender's
    ``sender_url``/``sender_name``/``direction``).
    """

    def __init__(self, sample: pd.DataFrame, path: str | Path, *,
                 names: Pseudonyms | None = None, show_text: bool = True,
                 hide_names: tuple[str, ...] = ()):
        self.path = Path(path)
        already = _labelled_ids(self.path)
        ids = sample["message_id"].astype(str) if "message_id" in sample else pd.Series([])
        self.already_labelled = int(ids.isin(already).sum())
        self.items = sample.loc[~ids.isin(already).to_numpy()].reset_index(drop=True)
        self.touched: set[str] = set()  # ids this session decided or undid: only these rewrite
        self.names = names
        self.show_text = show_text
        self.hide_names = tuple(n for n in hide_names if isinstance(n, str) and n.strip())
        self.position = 0  # index of the opener on screen
        self.decisions: list[str | None] = []  # one per opener passed: a label, None = skipped

    @classmethod
    def from_processed(cls, processed: str | Path | None = None, *, n: int = 100,
                       seed: int = 0, labels: str | Path | None = None, reveal: bool = False,
                       show_text: bool = True) -> Labeller:
        """A session on the owner's openers not labelled yet, saving to ``labels`` (default
        ``data/raw/labels.csv``)."""
        from .report import labelling

        drawn = labelling.sample(processed, n=n, seed=seed, labels=labels)
        return cls.from_sample(drawn, processed, labels=labels, reveal=reveal,
                               show_text=show_text)

    @classmethod
    def from_sample(cls, drawn: pd.DataFrame | None, processed: str | Path | None = None, *,
                    labels: str | Path | None = None, reveal: bool = False,
                    show_text: bool = True) -> Labeller:
        """A session on a sample already drawn (notebook 07 shows it as a table too)."""
        import json

        from .paths import PROCESSED_DIR
        from .report import labelling

        folder = Path(processed) if processed else PROCESSED_DIR
        if drawn is None:
            drawn = pd.DataFrame(columns=[*COLUMNS, "text", "sender_url", "sender_name"])
        ledger = folder / "ledger.json"
        owner = json.loads(ledger.read_text()).get("owner", {}) if ledger.exists() else {}
        return cls(drawn, labelling.labels_path(labels),
                   names=Pseudonyms.from_processed(folder, reveal=reveal),
                   show_text=show_text, hide_names=() if reveal else (owner.get("name"),))

    # -- the queue ---------------------------------------------------------------
    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def done(self) -> bool:
        return self.position >= self.total

    @property
    def labelled(self) -> int:
        return sum(d is not None for d in self.decisions)

    @property
    def skipped(self) -> int:
        return sum(d is None for d in self.decisions)

    def current(self) -> dict | None:
        """The opener on screen, ready to show (pseudonymised), or None when all are done."""
        if self.done:
            return None
        row = self.items.iloc[self.position]
        return {"number": self.position + 1, "of": self.total,
                "message_id": str(row["message_id"]), "sender": self._sender(row),
                "sent_at": _day(row.get("sent_at")), "text": self._text(row)}

    # -- decisions ---------------------------------------------------------------
    def label(self, category: str) -> None:
        """Give the opener on screen a category (its name or its key, 1-5), then save."""
        category = KEYS.get(str(category), str(category))
        if category not in CATEGORIES:
            raise ValueError(f"unknown category {category!r}; use one of {', '.join(CATEGORIES)}")
        self._decide(category)

    def skip(self) -> None:
        """Pass over the opener on screen without labelling it (it is not written)."""
        self._decide(None)

    def undo(self) -> None:
        """Take back the last decision and show that opener again (saved at once)."""
        if not self.decisions:
            return
        self.decisions.pop()
        self.position -= 1
        self.touched.add(str(self.items.iloc[self.position]["message_id"]))
        self.save()

    def key(self, key: str) -> bool:
        """Act on one key press: 1-5 label, s or space skips, u or z undoes. True if used."""
        key = str(key).lower()
        if key in KEYS:
            if self.done:
                return False
            self.label(key)
        elif key in SKIP_KEYS:
            if self.done:
                return False
            self.skip()
        elif key in UNDO_KEYS:
            self.undo()
        else:
            return False
        return True

    def _decide(self, label: str | None) -> None:
        if self.done:
            raise IndexError("every opener in this sample has been seen")
        if label is not None:
            self.touched.add(str(self.items.iloc[self.position]["message_id"]))
        self.decisions.append(label)
        self.position += 1
        self.save()

    # -- the file ----------------------------------------------------------------
    def rows(self) -> pd.DataFrame:
        """This session's labelled openers as ``labels.csv`` rows (no text, no names)."""
        seen = self.items.iloc[: len(self.decisions)].assign(label=self.decisions)
        seen = seen.loc[seen["label"].notna()]
        out = pd.DataFrame({
            "message_id": seen["message_id"].astype(str),
            "label": seen["label"],
            "weight": pd.to_numeric(seen.get("weight"), errors="coerce")
            if "weight" in seen else 1.0,
            "predicted": seen.get("predicted"),
            "confidence": seen.get("confidence"),
            "sent_at": [_day(t) for t in seen.get("sent_at", [None] * len(seen))],
            "sender": [self._sender(r) for _, r in seen.iterrows()],
        })
        return out[COLUMNS].reset_index(drop=True)

    def save(self) -> Path:
        """Write ``labels.csv``: earlier rows kept, the rows this session decided or undid as
        they stand now (a skip never deletes an earlier label).

        Written to a temporary file and renamed, so a crash never leaves half a file. Rows
        from an older file without a ``weight`` get weight 1 (the reader needs a weight on
        every labelled row once one has it)."""
        mine = self.touched
        frames = []
        if self.path.exists():
            old = pd.read_csv(self.path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
            old.columns = [str(c).strip().lower() for c in old.columns]
            old = old.loc[~old["message_id"].astype(str).str.strip().isin(mine)]
            if "weight" not in old:
                old["weight"] = "1"
            old["weight"] = old["weight"].where(old["weight"].str.strip().ne(""), "1")
            frames.append(old)
        frames.append(self.rows().astype(object))
        out = pd.concat(frames, ignore_index=True)
        if out.empty and not self.path.exists():
            return self.path  # nothing decided yet: no file to create
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".labels-", suffix=".csv")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                out.to_csv(fh, index=False)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return self.path

    # -- showing people ----------------------------------------------------------
    def _sender(self, row) -> str:
        if row.get("direction") == "out":
            return "you"
        if self.names is None:
            return "(sender)"
        return self.names.contact(row.get("sender_url"), row.get("sender_name"))

    def _text(self, row) -> str:
        """The opener's text with emails and links removed and, unless names are revealed,
        the sender's and the owner's names replaced by their pseudonyms."""
        if not self.show_text:
            return WITHHELD
        text = scrub(str(row.get("text") or ""))
        if self.names is not None and self.names.reveal:
            return text
        sender = row.get("sender_name")
        swaps = [(sender, self._sender(row))] if isinstance(sender, str) else []
        swaps += [(name, "[you]") for name in self.hide_names]
        for name, stand_in in swaps:
            text = hide_name(text, name, stand_in)
        return text


def hide_name(text: str, name: str, stand_in: str) -> str:
    """``text`` with the full ``name`` and each of its words (two letters or more) replaced,
    whole words only, ignoring case."""
    parts = [name.strip(), *name.split()]
    for part in sorted({p for p in parts if len(p) >= 2}, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(part)}(?!\w)", stand_in, text, flags=re.I)
    return text


def _labelled_ids(path: Path) -> set[str]:
    """The message ids that already have a label in ``path`` (none when it does not exist)."""
    if not path.exists():
        return set()
    old = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    old.columns = [str(c).strip().lower() for c in old.columns]
    if "message_id" not in old or "label" not in old:
        return set()
    decided = old.loc[old["label"].str.strip().ne("")]
    return set(decided["message_id"].astype(str).str.strip())


def _day(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return pd.Timestamp(value).strftime("%Y-%m-%d")


# ----------------------------------------------------------------------------- the widget
def widget(labeller: Labeller):
    """The labeller in JupyterLab: click in the key box once, then type 1-5, s, u.

    Buttons do the same for the mouse. Every key press is one call on ``labeller``; the
    widget only redraws."""
    import html

    import ipywidgets as w

    card = w.HTML()
    bar = w.IntProgress(min=0, max=max(labeller.total, 1), description="Progress")
    status = w.HTML()
    keys = w.Text(placeholder="click here, then type 1-5 to label, s to skip, u to undo",
                  continuous_update=True, layout=w.Layout(width="32em"))
    buttons = [w.Button(description=f"{k} {c}") for k, c in KEYS.items()]
    skip, undo = w.Button(description="s skip"), w.Button(description="u undo")

    def redraw() -> None:
        now = labeller.current()
        bar.value = labeller.position
        if now is None:
            card.value = ("<b>All openers in this sample are done.</b> Run the cell again for "
                          "a new sample (openers you labelled are left out).")
        else:
            text = html.escape(now["text"]).replace("\n", "<br>")
            card.value = (f"<div style='font-size:1.1em'><b>{now['number']} of {now['of']}"
                          f"</b> &middot; from {html.escape(now['sender'])} &middot; "
                          f"{now['sent_at']}</div><div style='border:1px solid #ccc;"
                          f"padding:0.6em;margin:0.4em 0;max-height:18em;overflow:auto'>"
                          f"{text or '<i>(empty)</i>'}</div>")
        earlier = (f" ({labeller.already_labelled} of this sample labelled before, kept)"
                   if labeller.already_labelled else "")
        status.value = (f"{labeller.labelled} labelled, {labeller.skipped} skipped{earlier}; "
                        f"saved to <code>{html.escape(str(labeller.path))}</code>")

    def typed(change) -> None:
        # One key per update: the box is emptied after each, but a key typed before the
        # emptying reached the browser arrives with the previous one in front of it.
        if change["new"]:
            labeller.key(change["new"][-1])
            keys.value = ""
            redraw()

    def pressed(action):
        def on_click(_button) -> None:
            if action == "undo" or not labeller.done:
                labeller.key(action)
            redraw()
        return on_click

    keys.observe(typed, names="value")
    for k, button in zip(KEYS, buttons, strict=True):
        button.on_click(pressed(k))
    skip.on_click(pressed("s"))
    undo.on_click(pressed("u"))
    redraw()
    return w.VBox([bar, card, keys, w.HBox(buttons), w.HBox([skip, undo]), status])
