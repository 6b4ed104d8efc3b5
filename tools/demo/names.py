"""Invented people and companies: syllable-built names, so no real person is named.

Pools are built once from a fixed generator (independent of the demo seed) so that the look of
the names is stable; the demo seed only decides who gets which name.
"""

from __future__ import annotations

import unicodedata

import numpy as np

_ON = ["b", "br", "c", "d", "dr", "f", "g", "gr", "h", "j", "k", "kl", "l", "m", "n", "p", "r",
       "s", "st", "t", "tr", "v", "w", "z", "th", "sh", "ch"]
_NU = ["a", "e", "i", "o", "u", "a", "e", "i", "o", "a", "ai", "ei", "ia", "ou", "y", "é", "ö"]
_CO = ["", "", "", "n", "l", "r", "s", "th", "nd", "rk", "lt", "v", "m"]
_FIRST_END = ["a", "o", "en", "ie", "is", "an", "el", "ine", "ar", "ya", "or", "ik", "eth", "ora"]
_LAST_END = ["holt", "mann", "ova", "ez", "sen", "ini", "berg", "ström", "ard", "wick", "ton",
             "ley", "stein", "eau", "elli", "oglu", "ski", "ijn", "dottir", "ssen", "ero", "vic"]
_CO_END = ["Labs", "Analytics", "GmbH", "Partners", "Systems", "Collective", "Group", "Works",
           "Studio", "Consulting", "Data", "Cloud", "Health", "Logistics", "Capital", "AI",
           "Software", "Solutions", "Digital", "Bank", "Media", "Robotics", "Ventures", "BV",
           "SAS", "Ltd", "Inc."]
_CO_STYLE = ["{a}{b} {e}", "{a}{b}", "{a} & {c} {e}", "{a}{b} {e}", "{a}{b}, Inc.",
             "{a}{b} {e}", "{a}vane {e}", "{a}ly"]

TITLES = np.array([
    "Senior Data Engineer", "Data Scientist", "Head of Growth", "Account Executive",
    "Talent Partner", "Founder & CEO", "Director, Platform", "Engineering Manager",
    "Product Manager", "Sales Development Representative", "Technical Recruiter",
    "Business Development Manager", "Staff Engineer", "UX Researcher", "Marketing Lead",
    "CTO", "Co-founder", "Principal Consultant", "Analytics Engineer", "VP Sales",
    "Customer Success Manager", "Software Engineer", "Partner", "Operations Lead",
    "Head of People", "Lecturer", "PhD Candidate", "Freelance Developer",
    "Solutions Architect", "Community Manager", "Recruitment Consultant",
    "Head of Data, EMEA", "Chief of Staff", "Growth Hacker", "Board Advisor", "",
], dtype=object)
CREDENTIALS = np.array([", MBA", ", PhD", " PMP", ", CFA", " 🚀", " (she/her)", ", MSc"],
                       dtype=object)


def _pool(rng: np.random.Generator, n: int, ends: list[str], sylls: tuple[int, int]) -> list:
    out: dict[str, None] = {}
    while len(out) < n:
        k = int(rng.integers(sylls[0], sylls[1] + 1))
        s = "".join(_ON[rng.integers(len(_ON))] + _NU[rng.integers(len(_NU))]
                    + _CO[rng.integers(len(_CO))] for _ in range(k))
        s = (s + ends[rng.integers(len(ends))]).capitalize()
        if 4 <= len(s) <= 13:
            out[s] = None
    return list(out)


def _slugify(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii").lower()
    return "".join(c if c.isalnum() else "-" for c in s).strip("-")


def _build():
    rng = np.random.default_rng(20250826)
    first = _pool(rng, 420, _FIRST_END, (1, 1))
    last = _pool(rng, 2600, _LAST_END, (1, 2))
    heads = _pool(rng, 900, [""], (1, 2))
    comps: dict[str, None] = {}
    for i in range(len(heads)):
        style = _CO_STYLE[rng.integers(len(_CO_STYLE))]
        name = style.format(a=heads[i], b=["", "io", "ex", "ora", "ly", "ix"][rng.integers(6)],
                            c=heads[(i * 7 + 3) % len(heads)],
                            e=_CO_END[rng.integers(len(_CO_END))])
        comps[name] = None
    return (np.array(first, dtype=object), np.array(last, dtype=object),
            np.array(list(comps), dtype=object))


FIRST, LAST, COMPANIES = _build()
FIRST_SLUG = np.array([_slugify(s) for s in FIRST], dtype=object)
LAST_SLUG = np.array([_slugify(s) for s in LAST], dtype=object)


_TLD = np.array(["com", "org", "net"], dtype=object)


def people(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """n invented people: first, last, unique profile url (`/in/<slug>-<hex>`), slug."""
    fi = rng.integers(len(FIRST), size=n)
    li = rng.integers(len(LAST), size=n)
    # Unique 8-hex suffixes: a seeded permutation of a large range, never repeated.
    ids = rng.choice(2**32 - 1, size=n, replace=False) if n else np.zeros(0, np.int64)
    hexes = np.array([f"{int(v):08x}" for v in ids], dtype=object)
    slug = FIRST_SLUG[fi] + "-" + LAST_SLUG[li] + "-" + hexes
    email = FIRST_SLUG[fi] + "." + LAST_SLUG[li] + "@example." + _TLD[ids % len(_TLD)]
    return {"first": FIRST[fi], "last": LAST[li], "slug": slug, "email": email,
            "url": "https://www.linkedin.com/in/" + slug}


def companies(rng: np.random.Generator, n: int, exclude: set[str]) -> np.ndarray:
    """A seeded choice of n distinct invented company names, avoiding `exclude`."""
    pool = np.array([c for c in COMPANIES if c not in exclude], dtype=object)
    return pool[rng.permutation(len(pool))[: min(n, len(pool))]]
