"""The HTML report: run the notebooks headless and write ``reports/index.html``.

``build_report(...)`` is what ``python -m analysis report`` (``make report``) runs;
``add_parser(subparsers)`` registers that subcommand. ``results``, ``explain`` and
``analysis.plots`` are what the notebooks use. Imports are lazy: a notebook importing
``analysis.report.results`` does not pay for nbformat, nbclient and nbconvert.
"""

__all__ = ["add_parser", "build_report"]


def __getattr__(name: str):
    if name == "build_report":
        from .build import build_report

        return build_report
    if name == "add_parser":
        from .cli import add_parser

        return add_parser
    raise AttributeError(name)
