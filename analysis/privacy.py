"""Keep the shareable report free of other people's data.

An export holds other people's names, emails, profile URLs and words. Everything the report
shows about a person goes through here: people become stable pseudonyms (``Contact 0042``),
the owner's employers ``Employer A``, ``B``, ..., and free text is withheld. With
``reveal=True`` (the owner's private copy) names and employers are shown as they are;
emails and message text stay out even then.

Pseudonyms are keyed by a secret kept outside the report (``.cache/pseudonym.key``), so the
same person keeps the same pseudonym from run to run, and nobody reading a shared report
can check a guess ("is Contact 0042 this URL?") by hashing it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import string
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from .features.companies import employer_key
from .features.people import full_name
from .paths import PROJECT_ROOT

KEY_FILE = Path(os.environ.get("LINKEDOUT_PSEUDONYM_KEY", PROJECT_ROOT / ".cache" / "pseudonym.key"))
WITHHELD = "[text withheld]"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"(?:https?://|www\.)\S+", re.I)


# ----------------------------------------------------------------------------- the secret
def load_secret(path: Path | None = None) -> bytes:
    """The pseudonym key, created once (atomically, so parallel runs agree on it)."""
    path = Path(path or KEY_FILE)
    if path.exists():
        return bytes.fromhex(path.read_text().strip())
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".key-")
    with os.fdopen(fd, "w") as fh:
        fh.write(secrets.token_hex(32) + "\n")
    try:
        os.link(tmp, path)  # fails if another process won the race: then use theirs
    except FileExistsError:
        pass
    finally:
        os.unlink(tmp)
    return bytes.fromhex(path.read_text().strip())


# ----------------------------------------------------------------------------- keys
def person_key(url: object = None, name: object = None) -> str | None:
    """One identity per person: the profile URL without scheme, www, query or trailing
    slash; else the name, case- and space-insensitive (exports before 2023 have no URLs)."""
    if isinstance(url, str) and url.strip():
        u = url.strip().lower()
        u = re.sub(r"^https?://", "", u)
        u = re.sub(r"^www\.", "", u)
        return "url:" + re.sub(r"[?#].*$", "", u).rstrip("/")
    if isinstance(name, str) and name.strip():
        return "name:" + re.sub(r"\s+", " ", name.strip().lower())
    return None


def _letters(i: int) -> str:
    """A, B, ..., Z, AA, AB, ... (spreadsheet columns)."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = string.ascii_uppercase[r] + out
    return out


# ----------------------------------------------------------------------------- pseudonyms
class Pseudonyms:
    """Stable pseudonyms for the people and the owner's employers in one processed set.

    ``contact(url=..., name=...)`` gives ``Contact 0042``: the number comes from a keyed
    hash of the person, so it does not depend on row order and stays the same across runs
    (collisions are resolved in hash order over everyone in the export, which is the same
    set on every run of the same data).
    """

    def __init__(self, secret: bytes, people: Iterable[str] = (), employers: Iterable = (),
                 *, reveal: bool = False, names: dict[str, str] | None = None):
        self.secret = secret
        self.reveal = reveal
        self._names = names or {}
        self._numbers: dict[str, int] = {}
        self._allocate(sorted({p for p in people if p}, key=self._digest))
        self._employers: dict[str, str] = {}
        for name in employers:
            key = employer_key(name)
            if key and key not in self._employers:
                self._employers[key] = f"Employer {_letters(len(self._employers))}"

    @classmethod
    def from_processed(cls, processed: Path, *, reveal: bool = False,
                       key_file: Path | None = None) -> Pseudonyms:
        """Everyone in the export (connections, messages, invitations) and the owner's
        employers in the order they were joined."""
        processed = Path(processed)
        people, names = [], {}

        def add(urls, display):
            # Each distinct (URL, name) pair once, in the order first seen: a million
            # messages come from a few thousand senders.
            pairs = pd.DataFrame({"url": urls.to_numpy(), "name": display.to_numpy()})
            pairs = pairs.drop_duplicates()
            for url, name in zip(pairs["url"], pairs["name"], strict=True):
                key = person_key(url, name)
                if key:
                    people.append(key)
                    if isinstance(name, str) and name.strip():
                        names.setdefault(key, name.strip())

        def read(table, cols):
            path = processed / f"{table}.parquet"
            if not path.exists():
                return None
            import pyarrow.parquet as pq

            if not set(cols) <= set(pq.read_schema(path).names):
                return None
            return pd.read_parquet(path, columns=cols)

        conns = read("connections", ["profile_url", "first_name", "last_name"])
        if conns is not None:
            add(conns["profile_url"], full_name(conns))
        msgs = read("messages", ["sender_url", "sender_name"])
        if msgs is not None:
            add(msgs["sender_url"], msgs["sender_name"])
        inv = read("invitations", ["inviter_url", "from_name", "invitee_url", "to_name"])
        if inv is not None:
            add(inv["inviter_url"], inv["from_name"])
            add(inv["invitee_url"], inv["to_name"])
        pos = read("positions", ["company", "started_on"])
        employers = pos.sort_values("started_on", kind="stable")["company"].tolist() \
            if pos is not None else []
        return cls(load_secret(key_file), people, employers, reveal=reveal, names=names)

    def _digest(self, key: str) -> bytes:
        return hmac.new(self.secret, key.encode("utf-8"), hashlib.sha256).digest()

    def _allocate(self, keys: list[str]) -> None:
        width = max(4, len(str(len(keys) * 3)))  # room enough that probing stays short
        self.width, space = width, 10 ** width - 1
        taken: set[int] = set()
        for key in keys:
            slot = int.from_bytes(self._digest(key)[:8], "big") % space + 1
            while slot in taken:
                slot = slot % space + 1
            taken.add(slot)
            self._numbers[key] = slot

    def contact(self, url: object = None, name: object = None) -> str:
        """``Contact 0042`` (or, with reveal, the name as the export gives it)."""
        key = person_key(url, name)
        if key is None:
            return "(hidden member)"
        if self.reveal:
            if isinstance(name, str) and name.strip():
                return name.strip()
            if key in self._names:
                return self._names[key]
        if key not in self._numbers:  # someone outside the export's people: still stable
            slot = int.from_bytes(self._digest(key)[:8], "big") % (10 ** self.width - 1) + 1
            self._numbers[key] = slot
        return f"Contact {self._numbers[key]:0{self.width}d}"

    def employer(self, name: object) -> str:
        """``Employer A`` for the owner's first employer (or the real name with reveal)."""
        if self.reveal and isinstance(name, str):
            return name
        key = employer_key(name)
        if key is None:
            return "(no employer)"
        if key not in self._employers:
            self._employers[key] = f"Employer {_letters(len(self._employers))}"
        return self._employers[key]

    def frame(self, frame: pd.DataFrame, *, people: dict[str, str | None] | None = None,
              employers: Iterable[str] = (), text: Iterable[str] = (),
              drop: Iterable[str] = ()) -> pd.DataFrame:
        """A copy fit to show: ``people`` maps a URL column to its name column (or None),
        the URL column becomes the pseudonym (named ``person``) and the name column goes;
        ``employers`` columns become Employer letters; ``text`` columns are withheld;
        ``drop`` columns (emails, say) are removed."""
        out = frame.copy()
        gone = set(drop)
        for url_col, name_col in (people or {}).items():
            urls = out[url_col] if url_col in out else pd.Series(None, index=out.index)
            names = out[name_col] if name_col and name_col in out else pd.Series(None, index=out.index)
            out[url_col] = [self.contact(u, n) for u, n in zip(urls, names, strict=True)]
            if name_col and name_col != url_col:
                gone.add(name_col)
        for col in employers:
            if col in out:
                out[col] = out[col].map(self.employer)
        for col in text:
            if col in out:
                out[col] = redact(out[col])
        return out.drop(columns=[c for c in gone if c in out])


def redact(texts: pd.Series) -> pd.Series:
    """Free text never reaches the report: every non-empty value is withheld."""
    has = (texts.notna() & texts.astype("string").str.strip().ne("")).fillna(False).astype(bool)
    return pd.Series(WITHHELD, index=texts.index, dtype=object).where(has, None)


def scrub(text: str) -> str:
    """Remove emails and URLs from a string the report shows (an error, a note)."""
    return URL.sub("[link]", EMAIL.sub("[email]", text))
