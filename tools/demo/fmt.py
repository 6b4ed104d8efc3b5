"""Vectorised date formatting in the Aug-2025 export's per-file shapes.

Times are int64 seconds since the Unix epoch (UTC). Every formatter returns an object array of
str, built by indexing small lookup tables, so a million rows cost a few array additions instead
of a million strftime calls.
"""

from __future__ import annotations

import numpy as np

_P2 = np.array([f"{i:02d}" for i in range(100)], dtype=object)
_P1 = np.array([str(i) for i in range(100)], dtype=object)
_YEAR0 = 1970
_Y4 = np.array([str(_YEAR0 + i) for i in range(200)], dtype=object)
_MON = np.array(
    ["", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    dtype=object,
)
_MONTH_FULL = np.array(
    ["", "January", "February", "March", "April", "May", "June", "July", "August",
     "September", "October", "November", "December"],
    dtype=object,
)
# 1970-01-01 was a Thursday; index by days % 7.
_DOW = np.array(["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"], dtype=object)
_HOUR12 = np.array([str((h % 12) or 12) for h in range(24)], dtype=object)
_AMPM = np.array(["AM"] * 12 + ["PM"] * 12, dtype=object)


def parts(sec: np.ndarray) -> dict[str, np.ndarray]:
    """Calendar parts of epoch seconds (civil-from-days in integer arithmetic, no datetime64)."""
    sec = np.asarray(sec, dtype=np.int64)
    days = sec // 86400
    rem = sec - days * 86400
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = np.where(mp < 10, mp + 3, mp - 9)
    y = yoe + era * 400 + (m <= 2)
    return {"y": y, "m": m, "d": d, "H": rem // 3600, "M": (rem // 60) % 60, "S": rem % 60,
            "days": days}


def _fixed(p: dict[str, np.ndarray], ysep: str, suffix: str) -> list[str]:
    """`YYYY?MM?DD HH:MM:SS<suffix>` built as a byte matrix: the hot path for a million rows."""
    n = len(p["y"])
    width = 19 + len(suffix)
    out = np.empty((n, width), dtype=np.uint8)
    cols = [(0, p["y"] // 1000 % 10), (1, p["y"] // 100 % 10), (2, p["y"] // 10 % 10),
            (3, p["y"] % 10), (5, p["m"] // 10), (6, p["m"] % 10), (8, p["d"] // 10),
            (9, p["d"] % 10), (11, p["H"] // 10), (12, p["H"] % 10), (14, p["M"] // 10),
            (15, p["M"] % 10), (17, p["S"] // 10), (18, p["S"] % 10)]
    for j, v in cols:
        out[:, j] = v + 48
    out[:, 4] = out[:, 7] = ord(ysep)
    out[:, 10] = 32
    out[:, 13] = out[:, 16] = 58
    if suffix:
        out[:, 19:] = np.frombuffer(suffix.encode("ascii"), dtype=np.uint8)
    big = out.tobytes().decode("ascii")
    return [big[i:i + width] for i in range(0, n * width, width)]


def _ymd(p: dict[str, np.ndarray], sep: str) -> np.ndarray:
    return _Y4[p["y"] - _YEAR0] + sep + _P2[p["m"]] + sep + _P2[p["d"]]


def _hms(p: dict[str, np.ndarray]) -> np.ndarray:
    return _P2[p["H"]] + ":" + _P2[p["M"]] + ":" + _P2[p["S"]]


def iso_utc(sec) -> list[str]:
    """messages.csv DATE: `2023-06-11 15:33:58 UTC`."""
    return _fixed(parts(sec), "-", " UTC")


def iso_plain(sec) -> list[str]:
    """Shares/Comments/Reactions/Votes/Member_Follows: `2022-03-05 12:00:00` (no zone)."""
    return _fixed(parts(sec), "-", "")


def slash_utc(sec) -> list[str]:
    """Endorsements, SearchQueries, Ads Clicked: `2023/02/01 15:02:55 UTC`."""
    return _fixed(parts(sec), "/", " UTC")


def java(sec) -> np.ndarray:
    """Logins, Company Follows, Security Challenges: `Mon Jul 15 08:12:44 UTC 2024`."""
    p = parts(sec)
    return (_DOW[p["days"] % 7] + " " + _MON[p["m"]] + " " + _P2[p["d"]] + " " + _hms(p)
            + " UTC " + _Y4[p["y"] - _YEAR0])


def us_short(sec) -> np.ndarray:
    """Invitations, Job Applications, Recommendations...: `8/26/22, 8:56 PM` (no zone)."""
    p = parts(sec)
    return (_P1[p["m"]] + "/" + _P1[p["d"]] + "/" + _P2[p["y"] % 100] + ", " + _HOUR12[p["H"]]
            + ":" + _P2[p["M"]] + " " + _AMPM[p["H"]])


def learning(sec) -> np.ndarray:
    """Learning.csv: `2024-01-10 14:05 UTC` (no seconds)."""
    p = parts(sec)
    return _ymd(p, "-") + " " + _P2[p["H"]] + ":" + _P2[p["M"]] + " UTC"


def day_mon_year(sec) -> np.ndarray:
    """Connections `Connected On`: `05 Mar 2021`."""
    p = parts(sec)
    return _P2[p["d"]] + " " + _MON[p["m"]] + " " + _Y4[p["y"] - _YEAR0]


def mon_year(sec) -> np.ndarray:
    """Positions/Education/Certifications: `Mar 2021`."""
    p = parts(sec)
    return _MON[p["m"]] + " " + _Y4[p["y"] - _YEAR0]


def mdy(sec) -> np.ndarray:
    """Creator workbook dates: `7/25/2025` (text, no zero padding)."""
    p = parts(sec)
    return _P1[p["m"]] + "/" + _P1[p["d"]] + "/" + _Y4[p["y"] - _YEAR0]


def iso_day(sec) -> np.ndarray:
    """outcomes.csv date: `2024-05-01`."""
    return _ymd(parts(sec), "-")


def rich_media(sec) -> np.ndarray:
    """Rich_Media `Date/Time` sentence part: `June 9, 2025 at 3:05 PM`."""
    p = parts(sec)
    return (_MONTH_FULL[p["m"]] + " " + _P1[p["d"]] + ", " + _Y4[p["y"] - _YEAR0] + " at "
            + _HOUR12[p["H"]] + ":" + _P2[p["M"]] + " " + _AMPM[p["H"]])


def birth_day(month: int, day: int) -> str:
    """Profile `Birth Date` 2025 shape: `Dec 05`."""
    return f"{_MON[month]} {day:02d}"


def epoch(y: int, m: int, d: int, hh: int = 0, mm: int = 0, ss: int = 0) -> int:
    """Epoch seconds of a UTC wall time (no datetime objects, so no local-zone leaks)."""
    days = int(np.datetime64(f"{y:04d}-{m:02d}-{d:02d}", "D").astype(np.int64))
    return days * 86400 + hh * 3600 + mm * 60 + ss
