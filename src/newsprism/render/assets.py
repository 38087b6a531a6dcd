"""The files newsprism's HTML is made of, shared by the reports and the web app.

    render/templates/   Jinja templates of the two reports (page.html is their common frame)
    render/static/      palette.css   the one palette: Okabe–Ito colours and what each colour means
                        base.css      what every page shares (reports and the web app's own pages)
                        report.css, outlets.css, report.js   the reports' own

A report is one file that opens offline, so `page` inlines the CSS and script files into it. The
templates autoescape everything; only the contents of these files and the marked-up article bodies
(escaped piece by piece in `html_marks`) go in as markup.
"""

from __future__ import annotations

import hashlib
import html
import re
from functools import cache
from importlib.resources import files
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

__all__ = ["OUTLET_COLOURS", "asset", "clip", "outlet_colour", "page", "stylesheet", "write_page"]


@cache
def asset(name: str) -> str:
    """The text of the file `name` in render/static/. Raises `FileNotFoundError` for a name not there."""
    return (files("newsprism.render") / "static" / name).read_text(encoding="utf-8")


def stylesheet(*names: str) -> str:
    """The CSS files `names` of render/static/ as one stylesheet, in that order (later rules win)."""
    return "\n".join(asset(name) for name in names)


# the Okabe–Ito colours of palette.css in their order there; outlets take them by a hash of their name
OUTLET_COLOURS: tuple[str, ...] = tuple(re.findall(r"--oi-[a-z]+:(#[0-9A-Fa-f]{6})", asset("palette.css")))


def outlet_colour(outlet: str) -> str:
    """The colour of `outlet` on every page: one of `OUTLET_COLOURS`, always the same one for a name."""
    return OUTLET_COLOURS[hashlib.sha1(outlet.encode()).digest()[0] % len(OUTLET_COLOURS)] if outlet else "#cccccc"


def _escape(value: object) -> object:
    """Every value a report template prints, escaped by `html.escape` (``&quot;``, ``&#x27;``, as the
    reports have always been written) before autoescaping sees it; markup (a macro's output, the files
    and bodies passed in as `Markup`) goes through as it is."""
    return value if hasattr(value, "__html__") else Markup(html.escape(str(value), quote=True))


@cache
def _templates() -> Environment:
    # autoescape always: a template never decides to let article text through unescaped
    return Environment(
        loader=PackageLoader("newsprism.render", "templates"),
        autoescape=True,
        finalize=_escape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def page(template: str, *, css: str, script: str = "", **context: object) -> str:
    """Render the report template `template` with `context`; `css` and `script` (file contents, not
    escaped) are inlined into the page. Raises `jinja2.TemplateError` on a template that does not fit."""
    return _templates().get_template(template).render(css=Markup(css), script=Markup(script), **context)


def write_page(path: str | Path, text: str) -> Path:
    """Write `text` to `path` (UTF-8, folders made as needed) and return the path; `OSError` when it cannot."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
