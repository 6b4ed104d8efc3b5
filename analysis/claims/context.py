"""Everything the claims share, computed once: a thin cache over the processed tables and
the pure feature functions of ``analysis.features`` (plus the classifier's categories).

Claims read only what the ingest wrote to ``data/processed/`` (never the raw export; the
owner's labels too enter through the ingest).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import pandas as pd

from .. import features
from ..features import TABLE_SERIES, utc_times
from ..paths import PROCESSED_DIR
from .params import Params

FILE_OF_TABLE = {
    "shares": "Shares.csv", "comments": "Comments.csv", "reactions": "Reactions.csv",
    "logins": "Logins.csv", "invitations": "Invitations.csv", "messages": "messages.csv",
    "endorsements_received": "Endorsement_Received_Info.csv",
    "recommendations_received": "Recommendations_Received.csv",
    "job_applications": "Jobs/Job Applications.csv", "outcomes": "outcomes.csv",
    "connections": "Connections.csv", "positions": "Positions.csv", "learning": "Learning.csv",
    "creator_daily": "the creator-analytics workbook",
}


OWNER_UNKNOWN = ("not testable: owner unknown (run `python -m analysis ingest --owner-name "
                 "\"Your Name\"` or --owner-url URL, or `make report OWNER_NAME=\"Your "
                 "Name\"`; `python -m analysis doctor` shows the evidence).")


INGESTED = "ingested"  # Context(labels=...) default: the labels ingested with the export


@dataclass
class Context:
    """Lazy access to the processed tables and the features built on them.

    ``labels``: the owner's labels; by default those ingested with the export
    (``labels.parquet`` in ``processed``), None for none. ``Context.from_tables`` builds one
    over tables held in memory."""

    processed: Path = PROCESSED_DIR
    params: Params = field(default_factory=Params)
    labels: pd.DataFrame | str | None = INGESTED
    _tables: dict = field(default_factory=dict, repr=False)
    label_problems: list[str] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        if isinstance(self.labels, str) and self.labels == INGESTED:
            self.labels = labels_for(self.processed)

    @classmethod
    def from_tables(cls, tables: dict[str, pd.DataFrame | None], params: Params | None = None,
                    labels: pd.DataFrame | None = None, *, ledger: dict | None = None,
                    panel: pd.DataFrame | None = None) -> Context:
        """A Context over processed tables held in memory (nothing is read from disk); a
        ``panel`` given replaces the one built from the tables."""
        ctx = cls(processed=Path("<in memory>"), params=params or Params(), labels=labels)
        ctx._tables.update({name: utc_times(frame) for name, frame in tables.items()})
        ctx.__dict__["ledger"] = ledger if ledger is not None else {}
        if panel is not None:
            ctx.__dict__["panel"] = panel
        return ctx

    def with_params(self, **changes) -> Context:
        ctx = Context(self.processed, replace(self.params, **changes), self.labels, self._tables)
        if "ledger" in self.__dict__:
            ctx.__dict__["ledger"] = self.ledger
        return ctx

    # -- tables ----------------------------------------------------------------
    @cached_property
    def ledger(self) -> dict:
        path = Path(self.processed) / "ledger.json"
        return json.loads(path.read_text()) if path.exists() else {}

    def table(self, name: str) -> pd.DataFrame | None:
        """A processed table, or None when the export had no such file (or no rows)."""
        if name not in self._tables:
            path = Path(self.processed) / f"{name}.parquet"
            self._tables[name] = pd.read_parquet(path) if path.exists() else None
            self._tables[name] = utc_times(self._tables[name])
        frame = self._tables[name]
        return frame if frame is not None and len(frame) else None

    def has(self, name: str) -> bool:
        return self.table(name) is not None

    @cached_property
    def owner(self) -> dict:
        return self.ledger.get("owner", {})

    @cached_property
    def owner_known(self) -> bool:
        owner = self.owner
        return bool(owner.get("url") or owner.get("name"))

    def why_no_conversations(self) -> tuple[list[str], str]:
        """Missing files and the reason, when ``conversations`` is None: no messages is not
        the same as messages whose owner is unknown (then no direction can be told)."""
        if not self.has("messages"):
            return ["messages.csv"], "No messages in this export."
        if not self.owner_known:
            return [], OWNER_UNKNOWN
        return [], "The messages have no direction (no message could be told as the owner's)."

    @cached_property
    def as_of(self) -> pd.Timestamp:
        """The export's end: the latest event in any table (the day the data stops)."""
        return features.export_end(self._all_tables())

    def _all_tables(self) -> dict[str, pd.DataFrame | None]:
        names = {t for _, t, _, _ in TABLE_SERIES.values()} | {
            "messages", "connections", "creator_daily"}
        return {name: self.table(name) for name in names}

    def window_of(self, table: str, col: str) -> tuple[str | None, str | None]:
        frame = self.table(table)
        if frame is None:
            return (None, None)
        times = frame[col].dropna()
        if times.empty:
            return (None, None)
        return (times.min().date().isoformat(), times.max().date().isoformat())

    # -- features --------------------------------------------------------------
    @cached_property
    def messages(self) -> pd.DataFrame | None:
        return self.table("messages")

    @cached_property
    def conversations(self) -> pd.DataFrame | None:
        msgs = self.messages
        if msgs is None or msgs["direction"].isna().all():
            return None
        conv = features.conversations(msgs, reply_window_days=self.params.reply_window_days)
        conv["counterpart_key"] = features.counterpart_keys(conv, self.keys_are_urls)
        conv["opener_category"] = conv["opener_message_id"].map(self.categories["label"])
        conv["opener_confidence"] = conv["opener_message_id"].map(self.categories["confidence"])
        return features.with_prior_two_way(conv)

    @cached_property
    def labels_cover_all_openers(self) -> bool:
        """The owner labelled every opener: the classifier (and its error) drops out."""
        if self.labels is None or self.messages is None:
            return False
        openers = self.messages.loc[self.messages["is_conversation_opener"], "message_id"]
        return bool(openers.isin(self.labels["message_id"]).all())

    @cached_property
    def categories(self) -> pd.DataFrame:
        """Category of each conversation opener (the messages the claims need), indexed by
        message id: the owner's labels where given, the classifier's otherwise."""
        msgs = self.messages
        if self.labels_cover_all_openers:
            given = self.labels.drop_duplicates("message_id", keep="last").set_index(
                "message_id")["label"]
            return pd.DataFrame({"label": given, "confidence": 1.0})
        from ..classify import classify_messages

        only = msgs["is_conversation_opener"] & ~msgs["is_draft"]
        labelled = classify_messages(msgs, self.table("connections"), labels=self.labels,
                                     only=only)
        labelled.index = msgs.loc[labelled.index, "message_id"]
        return labelled

    @cached_property
    def keys_are_urls(self) -> bool:
        """Exports before Jul 2023 have no URL in Connections.csv: people are linked by name."""
        return features.keys_are_urls(self.table("connections"))

    @cached_property
    def keyed_connections(self) -> pd.DataFrame | None:
        conns = self.table("connections")
        return None if conns is None else features.keyed_connections(conns, self.keys_are_urls)

    def connection_dates(self) -> pd.Series:
        """When the owner connected with each person (key -> connected_on)."""
        conns = self.keyed_connections
        return conns.dropna(subset=["key"]).groupby("key")["connected_on"].min()

    @cached_property
    def ties(self) -> pd.DataFrame | None:
        conns, conv = self.keyed_connections, self.conversations
        if conns is None or conv is None:
            return None
        return features.ties(conns, self.messages, conv, self.as_of)

    @cached_property
    def label_evaluation(self) -> dict | None:
        """The classifier's error measured on the owner's labels (cross-validated), or None."""
        if self.labels is None or self.messages is None or not len(self.labels):
            return None
        from ..classify import evaluate_on_labels
        from ..errors import LinkedOutError

        try:
            return evaluate_on_labels(self.messages, self.table("connections"), self.labels,
                                      seed=self.params.seed)
        except LinkedOutError as err:  # too few labels to measure the error: say so, go on
            self.label_problems.append(f"Your labels could not be used to measure the "
                                       f"classifier's error: {err}.")
            return None

    def invitation_note_pitches(self) -> dict | None:
        """Share of received invitation notes that pitch (the classifier reads the notes)."""
        from .. import stats

        inv = self.table("invitations")
        if inv is None:
            return None
        notes = inv.loc[(inv["direction"] == "in") & inv["message"].notna(), "message"]
        if notes.empty:
            return {"n": 0}
        from ..classify import default_model
        from ..classify.features import standard_frame

        labels = default_model().predict(standard_frame(notes.to_frame("text")))["label"]
        est = stats.wilson(int((labels == "sales_pitch").sum()), len(notes))
        return {"pitches": int((labels == "sales_pitch").sum()), **est.as_dict()}

    @cached_property
    def panel(self) -> pd.DataFrame:
        """One row per week (Monday); a series is missing (NaN) outside its source file's
        coverage, zero only inside it (``features.weekly_panel``)."""
        return features.weekly_panel(self._all_tables(), self.conversations, self.as_of)


def labels_for(processed: Path, path: Path | str | None = None) -> pd.DataFrame | None:
    """The owner's labels: those ingested with the export (``labels.parquet``), or the
    file ``path`` when one is named (an explicit override; a missing file means none)."""
    if path is not None:
        return load_labels(Path(path))
    ingested = Path(processed) / "labels.parquet"
    return pd.read_parquet(ingested) if ingested.exists() else None


def load_labels(path: Path | None) -> pd.DataFrame | None:
    if path is None or not Path(path).exists():
        return None
    from ..classify import read_labels

    return read_labels(path)
