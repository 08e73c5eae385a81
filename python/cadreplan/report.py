"""The HTML report: one implementation, in C++ (``cadreplan::report::html_report``).

``cadreplan plan --report FILE --lang vi|en`` and :func:`write_report` (or
``Result.to_html``) produce the same page: summary, attainment per target over
the years, seat use per program-year, cost per year, scorecard, and the
explanation of each missed checkpoint; charts are inline SVG, the page loads
nothing from the network. Keeping it in C++ means the command needs no Python
and the two can never disagree.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:  # pragma: no cover
    from .scenario import PathLike
    from .solving import Result

__all__ = ["write_report"]


def write_report(result: "Result", path: "PathLike", lang: str = "en", title: str = "",
                 explain: Optional[bool] = None) -> str:
    """Writes the self-contained HTML report of ``result`` to ``path`` (labels in ``"en"`` or
    ``"vi"``); returns the HTML text. See :meth:`cadreplan.Result.to_html`."""
    return result.to_html(path, lang=lang, title=title, explain=explain)
