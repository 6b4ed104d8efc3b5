"""Open an export, ZIP or folder, as a read-only set of members read in memory.

Nothing is ever extracted to disk: member names are only labels, so hostile names
(``..``, absolute paths, backslashes) cannot escape anywhere. Size limits stop ZIP bombs
before they exhaust memory. Users re-zip extracted folders, so a single top-level folder
is looked through.
"""

from __future__ import annotations

import hashlib
import os
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..errors import ExportError

IGNORED_NAMES = re.compile(r"(^|/)(__MACOSX/|\.DS_Store$|Thumbs\.db$|desktop\.ini$)", re.I)


@dataclass(frozen=True)
class Limits:
    """Safety limits for archives; generous for real exports, fatal for bombs.

    A heavy user's export is a few hundred MB uncompressed; CSV compresses about 5-10x.
    Override with the environment variables named in each field's comment.
    """

    max_members: int = 20_000  # LINKEDOUT_MAX_MEMBERS
    max_member_bytes: int = 2 * 1024**3  # LINKEDOUT_MAX_MEMBER_MB
    max_total_bytes: int = 6 * 1024**3  # LINKEDOUT_MAX_TOTAL_MB
    max_ratio: float = 200.0  # LINKEDOUT_MAX_RATIO: uncompressed/compressed per member

    @classmethod
    def from_env(cls) -> Limits:
        env = os.environ
        mb = 1024**2
        base = cls()
        return cls(
            max_members=int(env.get("LINKEDOUT_MAX_MEMBERS", base.max_members)),
            max_member_bytes=int(env.get("LINKEDOUT_MAX_MEMBER_MB", base.max_member_bytes // mb))
            * mb,
            max_total_bytes=int(env.get("LINKEDOUT_MAX_TOTAL_MB", base.max_total_bytes // mb)) * mb,
            max_ratio=float(env.get("LINKEDOUT_MAX_RATIO", base.max_ratio)),
        )


@dataclass(frozen=True)
class Member:
    """One file of the export: ``path`` is relative to the export root, with ``/``."""

    path: str
    size: int
    _key: str = field(repr=False, compare=False)  # name inside the zip or absolute file path

    @property
    def name(self) -> str:
        return PurePosixPath(self.path).name


class Export:
    """Read-only view of an export's files; use as a context manager."""

    def __init__(self, source: Path, members: list[Member], zf: zipfile.ZipFile | None,
                 skipped: list[dict], limits: Limits):
        self.source = source
        self.members = members
        self.skipped = skipped  # members ignored for safety, with reasons
        self._zf = zf
        self._limits = limits

    @property
    def kind(self) -> str:
        return "zip" if self._zf is not None else "folder"

    def __enter__(self) -> Export:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._zf is not None:
            self._zf.close()

    def __iter__(self) -> Iterator[Member]:
        return iter(self.members)

    def read(self, member: Member) -> bytes:
        """The member's bytes; never more than its declared size (a lying header is a bomb)."""
        if self._zf is None:
            return Path(member._key).read_bytes()
        limit = member.size
        try:
            with self._zf.open(member._key) as fh:
                data = fh.read(limit + 1)
        except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as exc:
            raise ExportError(
                f"{self.source.name}: the ZIP is damaged at {member.path!r} ({type(exc).__name__}). "
                "Download the export again from LinkedIn."
            ) from None
        if len(data) > limit:
            raise ExportError(
                f"{self.source.name}: {member.path!r} holds more data than its header declares; "
                "refusing to read it (possible ZIP bomb)."
            )
        return data

    def fingerprint(self) -> str:
        """sha256 over member paths and contents: identifies the input in the ledger."""
        digest = hashlib.sha256()
        for member in self.members:
            digest.update(member.path.encode("utf-8", "replace") + b"\0")
            digest.update(hashlib.sha256(self.read(member)).digest())
        return digest.hexdigest()


def open_export(path: str | os.PathLike, limits: Limits | None = None) -> Export:
    """Open ``path`` (a ZIP under any name, or an extracted folder) as an :class:`Export`."""
    limits = limits or Limits.from_env()
    source = Path(path)
    if not source.exists():
        raise ExportError(f"{source}: no such file or folder.")
    if source.is_dir():
        return _open_folder(source, limits)
    if not zipfile.is_zipfile(source):
        raise ExportError(
            f"{source.name}: not a ZIP archive or folder. Give the export ZIP as LinkedIn "
            "delivered it (Settings & Privacy > Data privacy > Get a copy of your data), "
            "or the folder it extracts to."
        )
    return _open_zip(source, limits)


def _open_zip(source: Path, limits: Limits) -> Export:
    try:
        zf = zipfile.ZipFile(source)
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise ExportError(
            f"{source.name}: the ZIP is damaged or truncated ({exc}). Download it again."
        ) from None
    try:
        if len(infos) > limits.max_members:
            raise ExportError(
                f"{source.name}: {len(infos):,} members, more than the {limits.max_members:,} "
                "a LinkedIn export could hold (set LINKEDOUT_MAX_MEMBERS to raise the limit)."
            )
        members, skipped, total = [], [], 0
        for info in infos:
            if info.is_dir():
                continue
            if info.flag_bits & 0x1:
                raise ExportError(
                    f"{source.name}: the ZIP is encrypted. LinkedIn exports are not; "
                    "extract it with your password and give the folder instead."
                )
            name = info.filename
            if IGNORED_NAMES.search(name):
                continue
            reason = _unsafe_name(name)
            if reason:
                skipped.append({"member": name[:200], "reason": reason})
                continue
            if info.file_size > limits.max_member_bytes:
                raise ExportError(
                    f"{source.name}: {name!r} unpacks to {info.file_size / 1024**2:,.0f} MB, over "
                    f"the {limits.max_member_bytes / 1024**2:,.0f} MB limit "
                    "(LINKEDOUT_MAX_MEMBER_MB)."
                )
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > 10 * 1024**2 and ratio > limits.max_ratio:
                raise ExportError(
                    f"{source.name}: {name!r} compresses {ratio:,.0f}:1, over the "
                    f"{limits.max_ratio:,.0f}:1 limit (LINKEDOUT_MAX_RATIO); refusing a "
                    "possible ZIP bomb."
                )
            total += info.file_size
            if total > limits.max_total_bytes:
                raise ExportError(
                    f"{source.name}: unpacks to more than {limits.max_total_bytes / 1024**3:,.1f} GB "
                    "(LINKEDOUT_MAX_TOTAL_MB); refusing a possible ZIP bomb."
                )
            members.append(Member(name, info.file_size, name))
    except ExportError:
        zf.close()
        raise
    members = _strip_single_root(members)
    return Export(source, sorted(members, key=lambda m: m.path), zf, skipped, limits)


def _open_folder(source: Path, limits: Limits) -> Export:
    members: list[Member] = []
    for root, dirs, files in os.walk(source):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for fname in sorted(files):
            full = Path(root) / fname
            rel = full.relative_to(source).as_posix()
            if fname.startswith(".") or IGNORED_NAMES.search(rel) or not full.is_file():
                continue
            members.append(Member(rel, full.stat().st_size, str(full)))
            if len(members) > limits.max_members:
                raise ExportError(
                    f"{source}: more than {limits.max_members:,} files; this is not a "
                    "LinkedIn export folder (set LINKEDOUT_MAX_MEMBERS to raise the limit)."
                )
    members = _strip_single_root(members)
    return Export(source, sorted(members, key=lambda m: m.path), None, [], limits)


def _unsafe_name(name: str) -> str | None:
    if "\\" in name:
        return "backslash in member name"
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return "absolute member path"
    if ".." in PurePosixPath(name).parts:
        return "'..' in member path"
    if "\0" in name:
        return "NUL in member name"
    return None


def _strip_single_root(members: list[Member]) -> list[Member]:
    """Files under exactly one top-level folder (a re-zipped extract) are seen from inside it."""
    tops = {m.path.split("/", 1)[0] for m in members}
    if len(tops) != 1 or not all("/" in m.path for m in members):
        return members
    (top,) = tops
    if top.lower() == "jobs":  # a real export subfolder, not a wrapper
        return members
    return [Member(m.path.split("/", 1)[1], m.size, m._key) for m in members]
