"""Find whose export this is, from the data, with the evidence written down.

The owner is never "the most frequent sender". Evidence, strongest first: an explicit
``--owner-url`` / ``--owner-name``; in exports from Jul 2023 on, the one profile URL present
in every conversation (docs/export-format.md §4.2) that is not a connection (nobody is their own
connection); the inviter of outgoing and invitee of incoming invitations (2024+); the one
NAME present as sender or recipient in nearly every conversation (2020-2021 exports, where
the owner's URL appears only on the owner's own messages), checked against the Profile.csv
name and the invitations' direction; the sender of 2018 ``OUTGOING`` messages. When the
signals disagree or none is strong, ``Owner.note`` says so in one line that names the
candidates' evidence and the flag that settles it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..features.people import full_name

COVERAGE_NEEDED = 0.9
# The owner is a party to every conversation, but LinkedIn leaves the owner out of TO in a
# few (system messages, some group chats): real 2020-2021 exports show 84-100%.
NAME_COVERAGE_NEEDED = 0.8
# Nobody but the owner is in more than half of anyone's conversations; two names above this
# (a shared account, two exports in one folder) are a question for the person, not for us.
RUNNER_UP_MAX = 0.5
NAME_CANDIDATES = 10
FLAGS_HINT = ("run `python -m analysis ingest --owner-name \"Your Name\"` (or --owner-url "
              "URL), or `make report OWNER_NAME=\"Your Name\"`")


@dataclass
class Owner:
    url: str | None
    name: str | None
    method: str
    evidence: dict = field(default_factory=dict)
    confidence: str = "none"  # given (a flag) | high | medium | none (not found)
    note: str | None = None  # one line when the signals disagree or none is strong

    def to_dict(self) -> dict:
        return asdict(self)


def list_array(series: pd.Series) -> pa.ListArray:
    """A list-typed pandas column as one contiguous Arrow list array."""
    arr = pa.array(series)
    return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr


def same_name(a: str | None, b: str | None) -> bool:
    """Names equal up to case, accents, styled letters and punctuation."""
    if not a or not b:
        return False
    return _name_norm(a) == _name_norm(b)


def _name_norm(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    return " ".join("".join(c for c in text if c.isalnum() or c.isspace()).casefold().split())


def _profile_name(tables: dict[str, pd.DataFrame]) -> str | None:
    profile = tables.get("profile")
    if profile is None or profile.empty:
        return None
    if not {"first_name", "last_name"} <= set(profile.columns):
        return None
    return full_name(profile.iloc[:1]).iloc[0] or None


def _url_coverage(messages: pd.DataFrame, connections: set[str]) -> dict | None:
    """The URL found in the largest share of conversations that carry recipient URLs."""
    if messages.empty or "recipient_urls" not in messages:
        return None
    has_rpu = messages["recipient_urls"].notna().to_numpy()
    if not has_rpu.any():
        return None
    msgs = messages.loc[has_rpu]
    lists = list_array(msgs["recipient_urls"])
    flat = pc.list_flatten(lists).to_numpy(zero_copy_only=False)
    parent = pc.list_parent_indices(lists).to_numpy()
    senders = msgs["sender_url"].to_numpy(dtype=object)
    conv = msgs["conversation_id"].to_numpy(dtype=object)
    n_conv = len(pd.unique(conv))
    first_conv = conv[0]
    first_rows = np.flatnonzero(conv == first_conv)
    candidates = {s for s in senders[first_rows] if isinstance(s, str)}
    candidates |= {flat[i] for i in np.flatnonzero(np.isin(parent, first_rows))}
    top_senders = pd.Series(senders).value_counts().index[:5]
    candidates |= set(top_senders)
    scores = {}
    for url in sorted(candidates):
        rows = senders == url
        rows[parent[flat == url]] = True
        scores[url] = len(pd.unique(conv[rows])) / n_conv
    if not scores:
        return None
    best = max(scores.values())
    tops = sorted(u for u, s in scores.items() if s == best)
    not_connected = [u for u in tops if u not in connections]
    return {"conversations": n_conv, "best_coverage": round(best, 4), "candidates": tops,
            "not_connections": not_connected}


def _name_coverage(messages: pd.DataFrame, extra: list[str]) -> dict | None:
    """Share of conversations each likely name is in, as FROM or in TO.

    Candidates are the names that wrote in, or were the sole recipient of, the most
    conversations (plus the names other signals offer); TO is never split on commas (names
    contain them): a name matches the whole of TO or one comma-separated part of it.
    """
    if messages.empty or "sender_name" not in messages or "conversation_id" not in messages:
        return None
    msgs = messages.loc[messages["conversation_id"].notna(),
                        ["conversation_id", "sender_name", "recipient_names"]]
    if msgs.empty:
        return None
    conv = msgs["conversation_id"].to_numpy(dtype=object)
    n_conv = len(pd.unique(conv))
    sender = msgs["sender_name"].astype("string")  # stripped by the reader
    to = msgs["recipient_names"].astype("string").str.strip()
    by_sender = msgs.assign(s=sender).dropna(subset=["s"]).groupby("s")["conversation_id"]
    by_to = msgs.assign(t=to).dropna(subset=["t"]).groupby("t")["conversation_id"]
    pool = list(by_sender.nunique().nlargest(NAME_CANDIDATES).index)
    pool += [n for n in by_to.nunique().nlargest(NAME_CANDIDATES).index if "," not in n]
    pool += [n for n in extra if n]
    multi = to.str.contains(",", regex=False).fillna(False).to_numpy(bool)
    scores: dict[str, float] = {}
    for name in dict.fromkeys(pool):
        rows = (sender == name).fillna(False).to_numpy(bool) | (to == name).fillna(False) \
            .to_numpy(bool)
        if multi.any():
            part = re.compile(r"(?:^|,)\s*" + re.escape(name) + r"\s*(?:,|$)")
            rows[multi] |= to[multi].str.contains(part, na=False).to_numpy(bool)
        scores[name] = len(pd.unique(conv[rows])) / n_conv
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    return {"conversations": n_conv, "ranked": [(n, round(s, 4)) for n, s in ranked[:3]],
            "scores": scores}


def _invitation_url(invitations: pd.DataFrame | None) -> dict | None:
    if invitations is None or invitations.empty or "inviter_url" not in invitations \
            or invitations["inviter_url"].isna().all():
        return None
    own = pd.concat([
        invitations.loc[invitations["direction"] == "out", "inviter_url"],
        invitations.loc[invitations["direction"] == "in", "invitee_url"],
    ]).dropna()
    if own.empty:
        return None
    counts = own.value_counts()
    return {"url": counts.index[0], "share": round(counts.iloc[0] / len(own), 4), "rows": len(own)}


def _invitation_name(invitations: pd.DataFrame | None) -> dict | None:
    """The sender of outgoing and the recipient of incoming invitations (every era)."""
    if invitations is None or invitations.empty or "from_name" not in invitations:
        return None
    own = pd.concat([
        invitations.loc[invitations["direction"] == "out", "from_name"],
        invitations.loc[invitations["direction"] == "in", "to_name"],
    ]).dropna()
    own = own[own.astype(str).str.strip() != ""]
    if own.empty:
        return None
    counts = own.value_counts()
    return {"name": counts.index[0], "share": round(counts.iloc[0] / len(own), 4),
            "rows": len(own)}


def _signed_url(messages: pd.DataFrame, name: str | None) -> str | None:
    """The profile URL on messages signed with this name, when they agree on one."""
    if not name or messages.empty or "sender_url" not in messages:
        return None
    urls = messages.loc[messages["sender_name"] == name, "sender_url"].dropna()
    if urls.empty:
        return None
    counts = urls.value_counts()
    return counts.index[0] if counts.iloc[0] >= COVERAGE_NEEDED * len(urls) else None


def _unseen(messages: pd.DataFrame, name: str | None, url: str | None) -> str | None:
    """A line when the given owner wrote none of the messages (a typo, say)."""
    if messages.empty or "sender_name" not in messages or (
            "direction_raw" in messages and messages["direction_raw"].notna().all()):
        return None  # 2018 exports say the direction of each message themselves
    if url and (messages["sender_url"] == url).any():
        return None
    if name and not url and (messages["sender_name"] == name).any():
        return None
    given = f'--owner-url {url}' if url else f'--owner-name "{name}"'
    return (f"{given} wrote none of the {len(messages):,} messages: every message counts as "
            "received; check the spelling against the FROM column of messages.csv.")


def _pct(share: float) -> str:
    return f"{share:.0%}"


def identify_owner(tables: dict[str, pd.DataFrame], override_url: str | None = None,
                   override_name: str | None = None) -> Owner:
    messages = tables.get("messages", pd.DataFrame())
    connections = tables.get("connections")
    connected = set(connections["profile_url"].dropna()) \
        if connections is not None and "profile_url" in connections else set()
    profile_name = _profile_name(tables)
    name = profile_name
    evidence: dict = {"profile_name": profile_name}

    coverage = _url_coverage(messages, connected)
    evidence["message_url_coverage"] = coverage
    invite = _invitation_url(tables.get("invitations"))
    evidence["invitations"] = invite
    invite_name = _invitation_name(tables.get("invitations"))
    evidence["invitations_name"] = invite_name

    signed = _signed_url(messages, profile_name)
    evidence["profile_name_sender_url"] = signed

    if not messages.empty and "direction_raw" in messages:
        out_names = messages.loc[messages["direction_raw"].str.upper() == "OUTGOING",
                                 "sender_name"].dropna()
        if not out_names.empty:
            evidence["outgoing_sender_name_2018"] = out_names.value_counts().index[0]
            name = name or evidence["outgoing_sender_name_2018"]

    if override_url or override_name:
        override_name = override_name.strip() if override_name else None
        given_name = override_name or name
        url = override_url or _signed_url(messages, override_name)
        method = "--owner-url" if override_url else "--owner-name"
        return Owner(url, given_name, method, evidence, "given",
                     _unseen(messages, override_name, override_url))
    if coverage and coverage["best_coverage"] >= COVERAGE_NEEDED:
        pool = coverage["not_connections"] or coverage["candidates"]
        if len(pool) > 1 and signed in pool:
            pool = [signed]
        if len(pool) > 1 and invite and invite["url"] in pool:
            pool = [invite["url"]]
        if len(pool) == 1:
            return Owner(pool[0], name, "profile URL present in every conversation", evidence,
                         "high")
    if invite:
        return Owner(invite["url"], name, "inviter of outgoing / invitee of incoming invitations",
                     evidence, "high")
    return _by_name(messages, name, profile_name, invite_name, signed, evidence)


def _by_name(messages: pd.DataFrame, name: str | None, profile_name: str | None,
             invite_name: dict | None, signed: str | None, evidence: dict) -> Owner:
    """No URL settles it: the name in (nearly) every conversation, checked against the
    Profile.csv name and the invitations' direction."""
    others = [n for n in (profile_name, invite_name and invite_name["name"]) if n]
    cov = _name_coverage(messages, others)
    evidence["message_name_coverage"] = cov and {"conversations": cov["conversations"],
                                                 "ranked": cov["ranked"]}
    if not cov or not cov["ranked"]:
        if name:
            out18 = evidence.get("outgoing_sender_name_2018")
            if out18:
                return Owner(signed, name, "sender of OUTGOING messages (2018 export)", evidence,
                             "high" if same_name(out18, name) or not profile_name else "medium")
            return Owner(signed, name, "Profile.csv name", evidence, "medium")
        if invite_name:
            return Owner(None, invite_name["name"], "sender of outgoing / recipient of "
                         "incoming invitations", evidence, "medium")
        return Owner(None, None, "not found", evidence, "none",
                     "Owner not found: no messages, profile or invitations name the owner; "
                     + FLAGS_HINT + ".")
    ranked, n_conv = cov["ranked"], cov["conversations"]
    best, best_share = ranked[0]
    runner = ranked[1] if len(ranked) > 1 else (None, 0.0)
    backers = [label for label, n in (("Profile.csv", profile_name),
                                      ("invitations", invite_name and invite_name["name"]))
               if same_name(n, best)]
    against = [(label, n) for label, n in (("Profile.csv", profile_name),
                                           ("invitations", invite_name and invite_name["name"]))
               if n and not same_name(n, best)]
    strong = best_share >= NAME_COVERAGE_NEEDED
    clear = runner[1] <= RUNNER_UP_MAX
    evid = f'"{best}" is in {_pct(best_share)} of {n_conv} conversations'

    def found(method: str, confidence: str, note: str | None = None) -> Owner:
        return Owner(_signed_url(messages, best), best, method, evidence, confidence, note)

    if strong and not clear:
        tied = [n for n, s in ranked if s > RUNNER_UP_MAX]
        settled = [n for n in tied if any(same_name(n, o) for o in others)]
        if len(settled) == 1:
            best = settled[0]
            return found("name in nearly every conversation, chosen by "
                         + ("Profile.csv" if same_name(best, profile_name) else "invitations"),
                         "medium")
        names = ", ".join(f'"{n}" in {_pct(s)}' for n, s in ranked if s > RUNNER_UP_MAX)
        return Owner(None, None, "ambiguous", evidence, "none",
                     f"Owner unclear: several names are in most of the {n_conv} conversations "
                     f"({names}); {FLAGS_HINT}.")
    if strong and not against:
        method = "name in nearly every conversation"
        if backers:
            method += " (agrees with " + " and ".join(backers) + ")"
        return found(method, "high" if backers or best_share >= COVERAGE_NEEDED else "medium")
    if strong:
        label, other = against[0]
        return found("name in nearly every conversation", "medium",
                     f'Owner taken as "{best}" ({evid}), but {label} says "{other}"; if that is '
                     f"wrong, {FLAGS_HINT}.")
    if backers:
        return found("name in the most conversations, agreeing with " + " and ".join(backers),
                     "medium", f"Owner taken as \"{best}\" although {evid} only (backed by "
                     f"{' and '.join(backers)}); if that is wrong, {FLAGS_HINT}.")
    says = " and ".join(f'{lab} says "{n}"' for lab, n in against)
    hint = f"; {says}" if against else ""
    return Owner(None, None, "not found", evidence, "none",
                 f"Owner not found: no name is in nearly every conversation (best: {evid}"
                 f"{hint}); {FLAGS_HINT}.")
