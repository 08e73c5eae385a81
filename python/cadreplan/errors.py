"""The exceptions cadreplan raises, mirroring the C++ exception tree.

Every C++ ``cadreplan::Error`` reaches Python as the class of the same name
here; nothing the library throws crashes the interpreter.

* :class:`ScenarioError` (a ``ValueError``): a scenario or roster is unreadable
  or invalid. ``.problems`` lists every problem found, each with ``file``,
  ``line``, ``field``, ``value``, ``expected`` and ``message``; ``.file``,
  ``.line`` and ``.field`` are those of the first.
* :class:`PlanError` (a ``ValueError``): a plan is unreadable, or not a valid
  plan where one is needed; same attributes.
* :class:`OptionsError` (a ``ValueError``): invalid options or arguments.
* :class:`SolveError` (a ``RuntimeError``): the solver failed in a way that is
  not the user's input.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Iterable, List, Mapping, Optional, Union

__all__ = ["Problem", "Error", "InputError", "ScenarioError", "PlanError", "OptionsError", "SolveError"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as the input allows."""

    file: str = ""
    """The file it was read from; empty for data built in code."""
    line: int = 0
    """1-based line; 0 when unknown."""
    field: str = ""
    """Dotted path of the field: ``programs[2].seats.2023``, ``roster.birth_year``."""
    value: str = ""
    """The value seen (possibly shortened); empty when missing."""
    expected: str = ""
    """What was expected instead."""
    message: str = ""
    """A complete sentence for a person."""

    def to_string(self) -> str:
        """``file:line: field: message``, with the parts that are known."""
        where = self.file
        if self.line:
            where = f"{where}:{self.line}" if where else f"line {self.line}"
        parts = [p for p in (where, self.field) if p]
        return ": ".join(parts + [self.message])

    def to_dict(self) -> dict:
        """The problem as a plain dict."""
        return asdict(self)

    def __getitem__(self, key: str) -> Any:
        """``problem["field"]`` works as well as ``problem.field``."""
        return getattr(self, key)


def _to_problem(p: Union[Problem, Mapping[str, Any]]) -> Problem:
    if isinstance(p, Problem):
        return p
    return Problem(**{k: p.get(k, Problem.__dataclass_fields__[k].default) for k in Problem.__dataclass_fields__})


class Error(Exception):
    """Base class of every exception cadreplan raises on purpose."""


class InputError(Error, ValueError):
    """An input (scenario, roster, plan) is unreadable or invalid.

    Attributes:
        problems: every problem found (at most the reader's cap), as :class:`Problem`.
        total: how many problems there were in all.
        file, line, field: those of the first problem ("" / 0 when there is none).
    """

    def __init__(self, message: str, problems: Optional[Iterable[Union[Problem, Mapping[str, Any]]]] = None,
                 total: Optional[int] = None) -> None:
        super().__init__(message)
        self.problems: List[Problem] = [_to_problem(p) for p in (problems or [])]
        self.total: int = len(self.problems) if total is None else int(total)

    @property
    def file(self) -> str:
        """The file of the first problem."""
        return self.problems[0].file if self.problems else ""

    @property
    def line(self) -> int:
        """The line of the first problem (0 when unknown)."""
        return self.problems[0].line if self.problems else 0

    @property
    def field(self) -> str:
        """The field of the first problem."""
        return self.problems[0].field if self.problems else ""

    def __reduce__(self):
        # Keeps the problems when the exception crosses a process boundary.
        return (type(self), (str(self), self.problems, self.total))


class ScenarioError(InputError):
    """A scenario or roster is unreadable or invalid (a ``ValueError``)."""


class PlanError(InputError):
    """A plan is unreadable, or not valid where a valid plan is needed (a ``ValueError``)."""


class OptionsError(Error, ValueError):
    """Invalid options or arguments (an unknown strategy, a negative time limit)."""


class SolveError(Error, RuntimeError):
    """The solver failed in a way that is not the user's input (a ``RuntimeError``).

    When a Python strategy's plan breaks a rule, ``plan`` holds the plan it proposed and
    ``evaluation`` what ``rules::check`` said of it; both are None otherwise."""

    plan: Any = None
    evaluation: Any = None
