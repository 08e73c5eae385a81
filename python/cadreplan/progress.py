"""Progress display for long solves, driven by the C++ progress callback.

``progress=True`` shows a tqdm bar: a widget in a Jupyter notebook (when
ipywidgets is installed; tqdm's text bar otherwise) and a one-line progress
display on stderr in a terminal. ``progress=None`` (the default) shows it
only in a notebook or when stderr is a terminal. A callable receives each
event as a dict (``seconds, phase, fraction, best_S, lower_bound, message``;
None where unknown) and may return False to cancel the solve.
"""
from __future__ import annotations

import sys
from typing import Any, Callable, Dict, Optional, Union

__all__ = ["ProgressBar", "make_progress", "in_notebook"]

ProgressArg = Union[None, bool, Callable[[Dict[str, Any]], Any]]


def in_notebook() -> bool:
    """True inside a Jupyter kernel (ipykernel)."""
    ip = sys.modules.get("IPython")
    if ip is None:
        return False
    try:
        shell = ip.get_ipython()  # type: ignore[attr-defined]
    except Exception:  # pragma: no cover - IPython without a shell
        return False
    return shell is not None and "IPKernelApp" in getattr(shell, "config", {})


def _tqdm_class():
    if in_notebook():
        try:
            import ipywidgets  # noqa: F401
            from tqdm.notebook import tqdm

            return tqdm
        except ImportError:
            pass
    from tqdm.std import tqdm

    return tqdm


class ProgressBar:
    """A tqdm progress display for one solve: phase, share of the phase done, best S and bound.

    Call it with each progress event; :meth:`close` when the solve returns.
    """

    def __init__(self, description: str = "cadreplan", file: Any = None) -> None:
        """Creates the display lazily, on the first event."""
        self.description = description
        self.file = file
        self.events = 0
        self._bar: Any = None

    def __call__(self, event: Dict[str, Any]) -> bool:
        """Shows one event; never cancels."""
        self.events += 1
        if self._bar is None:
            tqdm = _tqdm_class()
            self._bar = tqdm(total=100, desc=self.description, file=self.file or sys.stderr, leave=True,
                             bar_format="{desc}: {percentage:3.0f}%|{bar}| [{elapsed}] {postfix}", dynamic_ncols=True)
        frac = event.get("fraction")
        if frac is not None:
            self._bar.n = int(round(100 * max(0.0, min(1.0, frac))))
        postfix = {"phase": event.get("phase", "")}
        if event.get("best_S") is not None:
            postfix["S"] = "%g" % event["best_S"]
        if event.get("lower_bound") is not None:
            postfix["bound"] = "%g" % event["lower_bound"]
        self._bar.set_postfix(postfix, refresh=False)
        self._bar.refresh()
        return True

    def close(self, summary: Optional[str] = None) -> None:
        """Ends the display, with a last line when given."""
        if self._bar is not None:
            if summary:
                self._bar.n = 100
                self._bar.set_postfix_str(summary, refresh=False)
            self._bar.close()
            self._bar = None


def make_progress(progress: ProgressArg, description: str = "cadreplan"):
    """(callback for the C++ solve or None, the ProgressBar to close or None) for a ``progress`` argument."""
    if callable(progress) and not isinstance(progress, bool):
        return progress, None
    if progress is not None and not isinstance(progress, bool):
        raise TypeError(f"progress must be None, True, False or a callable taking a dict; got {type(progress).__name__}")
    if progress is None:
        progress = in_notebook() or bool(getattr(sys.stderr, "isatty", lambda: False)())
    if not progress:
        return None, None
    bar = ProgressBar(description)
    return bar, bar
