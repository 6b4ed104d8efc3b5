"""The report's HTML comes from jinja2 templates (``report/templates/``) with autoescaping:
every value from the export is escaped by the template engine, never by hand."""

from __future__ import annotations

from functools import cache

from markupsafe import Markup


@cache
def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(loader=PackageLoader("analysis.report", "templates"), autoescape=True,
                       undefined=StrictUndefined)


def render(name: str, **values) -> Markup:
    """A template rendered (values escaped unless already ``Markup``)."""
    return Markup(_environment().get_template(name).render(**values))


__all__ = ["Markup", "render"]
