"""Run a notebook headless with injected parameters, and turn it into a report page.

Parameters are injected the way papermill does (papermill itself is not a dependency): a
cell tagged ``injected-parameters`` right after the cell tagged ``parameters``. The HTML
uses nbconvert's lab template without its CDN scripts (require.js, MathJax, mermaid,
widgets), so a page loads nothing from the network.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from ..errors import LinkedOutError
from ..privacy import scrub

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent.parent / "notebooks"
TIMEOUT = 900  # seconds per cell

TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}<style type="text/css">{{ resources.linkedout_css }}
.jp-Notebook{padding-top:0} main{padding-top:0}</style>{%- endblock extra_css -%}
{%- block body_header -%}{{ super() }}{{ resources.linkedout_header }}{%- endblock body_header -%}
{%- block data_png scoped -%}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}" alt="{{
 output.metadata.get('image/png', {}).get('alt', 'figure') | escape_html }}">
</div>
{%- endblock data_png -%}
"""


class NotebookFailed(LinkedOutError):
    """A notebook raised: the report names it and the error, and keeps the old report."""


@dataclass(frozen=True)
class Notebook:
    path: Path

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def page(self) -> str:
        return f"{self.name}.html"

    @property
    def title(self) -> str:
        """The first Markdown heading, else the file name (read as plain JSON: importing
        nbformat costs seconds, and an unchanged report must not pay for it)."""
        nb = json.loads(self.path.read_text(encoding="utf-8"))
        for cell in nb.get("cells", []):
            if cell.get("cell_type") == "markdown":
                source = cell.get("source", "")
                source = "".join(source) if isinstance(source, list) else source
                for line in source.splitlines():
                    if line.startswith("# "):
                        return line[2:].strip()
        return self.name


def discover(folder: Path = NOTEBOOK_DIR) -> list[Notebook]:
    """The numbered notebooks (``00-scorecard.ipynb`` ...), in order."""
    return [Notebook(p) for p in sorted(Path(folder).glob("[0-9][0-9]-*.ipynb"))]


def missing_sections(folder: Path = NOTEBOOK_DIR) -> list[str]:
    """Registered claims whose page has no section for them (no ``<a id="ID">`` anchor in a
    markdown cell of ``<page>.ipynb``): the index would link to nothing."""
    import json

    from ..claims import all_claims

    missing = []
    for claim in all_claims():
        path = Path(folder) / f"{claim.page}.ipynb"
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"] if path.exists() else []
        text = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        if f'<a id="{claim.anchor}"></a>' not in text:
            missing.append(claim.id)
    return missing


def inject(nb, params: dict):
    """A copy with a cell assigning ``params`` after the ``parameters`` cell."""
    import nbformat

    nb = nbformat.from_dict(nb)
    lines = [f"{k} = {v!r}" for k, v in params.items()]
    cell = nbformat.v4.new_code_cell("# Parameters injected by the report\n" + "\n".join(lines))
    cell.metadata["tags"] = ["injected-parameters"]
    cells = [c for c in nb.cells if "injected-parameters" not in c.metadata.get("tags", [])]
    at = next((i + 1 for i, c in enumerate(cells) if "parameters" in c.metadata.get("tags", [])),
              0)
    cells.insert(at, cell)
    nb.cells = cells
    return nb


def _kernel_manager():
    """A kernel on this very interpreter (not whatever 'python3' kernelspec is installed),
    so the notebooks see the same ``analysis`` package as the report."""
    from jupyter_client.kernelspec import KernelSpec
    from jupyter_client.manager import KernelManager

    class ThisPython(KernelManager):
        @property
        def kernel_spec(self):
            return KernelSpec(argv=[sys.executable, "-m", "ipykernel_launcher", "-f",
                                    "{connection_file}", "--IPKernelApp.log_level=ERROR"], display_name="LinkedOut",
                              language="python", env={})

    return ThisPython(kernel_name="python3")


def execute(notebook: Notebook, params: dict, *, cwd: Path | None = None):
    """Run the notebook top to bottom; a failing cell raises :class:`NotebookFailed`."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    nb = inject(nbformat.read(notebook.path, as_version=4), params)
    client = NotebookClient(nb, timeout=TIMEOUT, kernel_name="python3",
                            km=_kernel_manager(),
                            resources={"metadata": {"path": str(cwd or notebook.path.parent)}})
    try:
        client.execute(env=_kernel_env())
    except CellExecutionError as exc:
        raise NotebookFailed(f"notebook {notebook.name} failed: "
                             f"{_short(exc.ename)}: {_short(exc.evalue)}") from None
    except CellTimeoutError:
        raise NotebookFailed(f"notebook {notebook.name} failed: a cell ran longer than "
                             f"{TIMEOUT} s.") from None
    except DeadKernelError as exc:
        raise NotebookFailed(f"notebook {notebook.name} failed: the kernel died "
                             f"({_short(str(exc))}).") from None
    return nb


def _kernel_env() -> dict:
    import os

    env = dict(os.environ)
    env.update({"PYDEVD_DISABLE_FILE_VALIDATION": "1", "MPLBACKEND": "module://"
                "matplotlib_inline.backend_inline", "PYTHONWARNINGS": "ignore"})
    return env


def _short(text: str, limit: int = 300) -> str:
    """One line, no emails or URLs, not too long: safe to print in the terminal."""
    line = " ".join(str(text).split())
    line = scrub(line)
    return line if len(line) <= limit else line[: limit - 1] + "…"


def to_html(nb, *, header: str, css: str, show_code: bool, title: str) -> str:
    """The executed notebook as one self-contained page (code hidden unless asked)."""
    import nbformat
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    nb = nbformat.from_dict(nb)
    nb.metadata["title"] = title
    for cell in nb.cells:
        if cell.cell_type == "code":  # warnings on stderr are not findings
            cell.outputs = [o for o in cell.get("outputs", [])
                            if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
            if not show_code and {"parameters", "injected-parameters"} & set(
                    cell.metadata.get("tags", [])):
                cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
    exporter = HTMLExporter(template_name="lab", template_file="linkedout.html.j2",
                            extra_loaders=[DictLoader({"linkedout.html.j2": TEMPLATE})],
                            exclude_input=not show_code, exclude_input_prompt=not show_code,
                            exclude_output_prompt=True, embed_images=True)
    body, _ = exporter.from_notebook_node(nb, resources={"linkedout_header": header,
                                                         "linkedout_css": css})
    return body
