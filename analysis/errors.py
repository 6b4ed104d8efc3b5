"""Expected failures, carried as one clear message for the user (never a traceback)."""

from __future__ import annotations


class LinkedOutError(Exception):
    """A failure the user can fix: the message says what is wrong and what to do.

    The CLI prints ``str(error)`` on one line of stderr and exits with ``exit_code``.
    Messages must never contain message text or email addresses.
    """

    exit_code = 2


class ExportError(LinkedOutError):
    """The input is not a readable LinkedIn export."""
