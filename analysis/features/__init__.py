"""Features the claims are measured on, as pure functions of the processed tables
(DataFrame in, DataFrame out): conversations, openers, person and company keys, ties, and
the weekly panel. ``claims.Context`` only caches their results.

Built from the processed tables only (never from raw files). Everything is vectorised:
a heavy user's messages table has a million rows.
"""

from .companies import company_key, employer_key
from .conversations import REPLY_WINDOW_DAYS, conversations, with_prior_two_way
from .openers import inbound_openers, openers_by_year, openers_replied
from .panel import (
                    CATEGORY_SERIES,
                    CREATOR_SERIES,
                    TABLE_SERIES,
                    coverage_of,
                    export_end,
                    weekly_counts,
                    weekly_panel,
)
from .people import counterpart_keys, full_name, keyed_connections, keys_are_urls, name_key
from .ties import ties
from .times import map_times, utc_times, week_of

__all__ = ["CATEGORY_SERIES", "CREATOR_SERIES", "REPLY_WINDOW_DAYS", "TABLE_SERIES",
           "company_key", "conversations", "counterpart_keys", "coverage_of", "employer_key",
           "export_end", "full_name", "inbound_openers", "keyed_connections", "keys_are_urls", "map_times",
           "name_key", "openers_by_year", "openers_replied", "ties", "utc_times", "week_of", "weekly_counts",
           "weekly_panel", "with_prior_two_way"]
