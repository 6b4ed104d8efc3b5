"""What every report page shares: the navigation, the banners and the stylesheet.

Pages are self-contained files opened from the file system: inline CSS, no script, no font
or image fetched from anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

CSS = """
.lo-bar{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;
  margin:0 0 12px 0}
.lo-nav{background:#0a3d62;padding:6px 12px;display:flex;flex-wrap:wrap;gap:4px 14px}
.lo-nav a{color:#fff;text-decoration:none}
.lo-nav a:hover{text-decoration:underline}
.lo-nav a.here{font-weight:700;text-decoration:underline}
.lo-banner{padding:8px 12px;border-bottom:1px solid rgba(0,0,0,.15)}
.lo-demo{background:#fff3cd;color:#5c4400}
.lo-reveal{background:#b2182b;color:#fff;font-weight:600}
.lo-code{font-family:ui-monospace,Menlo,Consolas,monospace;background:rgba(0,0,0,.08);
  padding:0 3px;border-radius:2px}
"""


@dataclass(frozen=True)
class Chrome:
    """The header of every page: links to all pages, and the banners that must be seen."""

    pages: tuple[tuple[str, str], ...]  # (file name, title), index first
    demo: bool = False
    reveal: bool = False

    def header(self, current: str) -> str:
        links = " ".join(
            f'<a href="{escape(f)}"{" class=here" if f == current else ""}>{escape(t)}</a>'
            for f, t in self.pages)
        parts = [f'<div class="lo-bar"><nav class="lo-nav">{links}</nav>']
        if self.reveal:
            parts.append('<div class="lo-banner lo-reveal" id="lo-reveal-banner">Contains '
                         "personal data (real names of the people in your LinkedIn export): "
                         "for your eyes only, do not share. Build the shareable version with "
                         '<span class="lo-code">make report</span> (without REVEAL=1).</div>')
        if self.demo:
            parts.append('<div class="lo-banner lo-demo" id="lo-demo-banner"><b>Synthetic '
                         "demo: a synthetic person whose figures resemble real exports; not "
                         "your data.</b> LinkedOut generated this export, so its verdicts are "
                         "what such a person would get, not a finding about anyone. To analyse "
                         "your own: "
                         "download your export from LinkedIn (Settings &amp; Privacy &gt; Data "
                         "privacy &gt; Get a copy of your data), put the ZIP in "
                         '<span class="lo-code">data/raw/</span> and run '
                         '<span class="lo-code">make report</span> again.</div>')
        parts.append("</div>")
        return "".join(parts)

    def key(self) -> str:
        """What the chrome depends on (part of every page's cache key)."""
        return repr((self.pages, self.demo, self.reveal, CSS))
