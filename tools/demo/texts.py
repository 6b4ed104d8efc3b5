"""Compose message texts by indexing phrase banks: vectorised, varied, seeded.

A text is assembled from optional slots (greeting, opening, one or two body sentences, ask,
closing), each drawn from a bank, so no category has one template. Placeholders are filled per
template with array additions; a share of texts get a typo.
"""

from __future__ import annotations

import re

import numpy as np

from .phrasebank import EN, INTL

_TOKEN = re.compile(r"(\{n\}|\{co\})")


def _fill(rng: np.random.Generator, bank: list[str], n: int, subs: dict[str, np.ndarray],
          idx: np.ndarray | None = None) -> np.ndarray:
    """Pick n templates from bank and substitute `{n}`/`{co}` from subs, row-wise."""
    if idx is None:
        idx = rng.integers(len(bank), size=n)
    out = np.empty(n, dtype=object)
    for j, template in enumerate(bank):
        m = idx == j
        if not m.any():
            continue
        pieces = _TOKEN.split(template)
        if len(pieces) == 1:
            out[m] = template
            continue
        acc = np.full(int(m.sum()), "", dtype=object)
        for piece in pieces:
            if piece == "{n}":
                acc = acc + subs["n"][m]
            elif piece == "{co}":
                acc = acc + subs["co"][m]
            elif piece:
                acc = acc + piece
        out[m] = acc
    return out


def _join(parts: list[np.ndarray]) -> np.ndarray:
    res = parts[0]
    for part in parts[1:]:
        sep = np.where((res != "") & (part != ""), " ", "")
        res = res + sep + part
    return res


def _maybe(rng: np.random.Generator, arr: np.ndarray, p: float) -> np.ndarray:
    keep = rng.random(len(arr)) < p
    return np.where(keep, arr, "")


_SLOT_P = {  # probability of including greeting, opening, second body, ask, closing
    "sales_pitch": (0.9, 0.65, 0.25, 0.92, 0.6),
    "recruiting": (0.95, 0.7, 0.45, 0.9, 0.7),
    "request": (0.9, 0.6, 0.2, 0.7, 0.6),
    "social": (0.7, 0.8, 0.35, 0.5, 0.4),
    "automated": (0.3, 0.8, 0.5, 0.8, 0.6),
}
_BANKS = {"sales_pitch": EN.SALES_PITCH, "recruiting": EN.RECRUITING, "request": EN.REQUEST,
          "social": EN.SOCIAL, "automated": EN.AUTOMATED, "out_pitch": EN.OUT_PITCH,
          "out_social": EN.OUT_SOCIAL, "out_request": EN.OUT_REQUEST}
_OUT_P = {"out_pitch": (0.9, 0.6, 0.2, 0.9, 0.6), "out_social": (0.85, 0.9, 0.3, 0.4, 0.4),
          "out_request": (0.9, 0.6, 0.0, 0.6, 0.6)}


def opener(rng: np.random.Generator, kind: str, lang: np.ndarray, name: np.ndarray,
           co: np.ndarray) -> np.ndarray:
    """Opening messages of a bank (`sales_pitch`, ..., `out_pitch`, ...), per language."""
    n = len(name)
    out = np.empty(n, dtype=object)
    subs = {"n": name, "co": co}
    for code in np.unique(lang):
        m = lang == code
        k = int(m.sum())
        sub = {key: v[m] for key, v in subs.items()}
        if code == "en" or kind not in ("sales_pitch", "recruiting", "request", "social"):
            bank, greet = _BANKS[kind], EN.GREET
        else:
            bank, greet = INTL[code][kind], INTL[code]["greet"]
        pg, po, pb2, pa, pc = _SLOT_P.get(kind) or _OUT_P[kind]
        parts = [
            _maybe(rng, _fill(rng, greet, k, sub), pg),
            _maybe(rng, _fill(rng, bank["open"], k, sub), po),
            _fill(rng, bank["body"], k, sub),
            _maybe(rng, _fill(rng, bank["body"], k, sub), pb2),
            _maybe(rng, _fill(rng, bank["ask"], k, sub), pa),
            _maybe(rng, _fill(rng, bank["close"], k, sub), pc),
        ]
        # Never the same body sentence twice in one message.
        parts[3] = np.where(parts[3] == parts[2], "", parts[3])
        out[m] = _join(parts)
    return out


def pick(rng: np.random.Generator, bank: list[str], n: int,
         subs: dict[str, np.ndarray] | None = None) -> np.ndarray:
    """n phrases from a flat bank (replies, nudges, continuations)."""
    if subs is None:
        subs = {"n": np.full(n, "", dtype=object), "co": np.full(n, "", dtype=object)}
    return _fill(rng, bank, n, subs)


def cont_other(rng: np.random.Generator, category: str, lang: np.ndarray) -> np.ndarray:
    """Later messages from the other side, in their language when not English."""
    n = len(lang)
    out = pick(rng, EN.CONT_OTHER[category], n)
    for code in np.unique(lang):
        if code != "en":
            m = lang == code
            out[m] = pick(rng, INTL[code]["cont"], int(m.sum()))
    return out


def typos(rng: np.random.Generator, texts: np.ndarray, rate: float) -> np.ndarray:
    """Put one realistic slip into a share of texts: swapped, dropped or doubled letter,
    lowercase start, or a missing final full stop."""
    texts = texts.copy()
    hit = np.flatnonzero(rng.random(len(texts)) < rate)
    kinds = rng.integers(5, size=len(hit))
    pos = rng.random(len(hit))
    for i, k, u in zip(hit.tolist(), kinds.tolist(), pos.tolist(), strict=True):
        s = texts[i]
        if len(s) < 8:
            continue
        j = 1 + int(u * (len(s) - 3))
        if k == 0 and s[j].isalpha() and s[j + 1].isalpha():
            s = s[:j] + s[j + 1] + s[j] + s[j + 2:]
        elif k == 1 and s[j].isalpha():
            s = s[:j] + s[j + 1:]
        elif k == 2 and s[j].isalpha():
            s = s[:j] + s[j] + s[j:]
        elif k == 3:
            s = s[0].lower() + s[1:]
        elif s.endswith("."):
            s = s[:-1]
        texts[i] = s
    return texts


_SPIN = '<p class="spinmail-quill-editor__spin-break">'


def sponsored(rng: np.random.Generator, n: int) -> np.ndarray:
    """Sponsored InMail bodies: spinmail HTML, an unfilled %FIRSTNAME%, entities."""
    lines = np.array(EN.SPONSORED_LINES, dtype=object)
    a = lines[rng.integers(len(lines), size=n)]
    b = lines[rng.integers(len(lines), size=n)]
    b = np.where(a == b, "", b)
    with_list = rng.random(n) < 0.4
    bullets = np.where(
        with_list,
        "<ul><li>Live Q&amp;A with experts</li><li>Actionable frameworks</li>"
        "<li>Certificate of attendance</li></ul>",
        "",
    )
    cta = np.where(
        rng.random(n) < 0.7,
        _SPIN + '<a href="https://events.example/register?utm_source=linkedin">'
        "<strong>Register now &gt;</strong></a></p>",
        "",
    )
    return (_SPIN + "Hi %FIRSTNAME%,</p>" + _SPIN + "</p>" + _SPIN + a + "</p>"
            + np.where(b == "", "", _SPIN + b + "</p>") + bullets + cta + _SPIN
            + "Best,<br>The Events Team</p>")
