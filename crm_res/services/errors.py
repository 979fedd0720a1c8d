"""Domain errors: each carries a message in plain English (CLI, logs, API) and a code with its
parameters, which the dashboard says in the reader's language (state/errors.py, i18n `err_<code>`)."""

from __future__ import annotations

from collections.abc import Sequence


class DomainError(Exception):
    """A request the domain refuses; the message says why in plain words, `code` names it for
    translation (None: no translation, the message is shown as it is), `params` fill it in."""

    default_code: str | None = None

    def __init__(self, message: str = "", *, code: str | None = None, **params: object) -> None:
        super().__init__(message)
        self.code = code or self.default_code
        self.params = params


class NotFound(DomainError):
    """The row does not exist, or it belongs to another restaurant (the same answer on purpose)."""

    default_code = "not_found"


class Forbidden(DomainError):
    """The viewer's role may not do this (checked in the domain, whatever the page shows)."""

    default_code = "forbidden"


class Conflict(DomainError):
    """The row already exists, or it changed meanwhile."""

    default_code = "conflict"


class Problem(str):
    """One problem with a form, as the English text the CLI and logs print, carrying a code and
    its parameters so the dashboard can say it in Arabic (crm_res/i18n.py, `problem_<code>`)."""

    code: str
    params: dict[str, object]

    def __new__(cls, code: str, english: str, **params: object) -> Problem:
        problem = super().__new__(cls, english.format(**params))
        problem.code, problem.params = code, params
        return problem


class InvalidInput(DomainError):
    """Bad input; `problems` lists every problem found (e.g. CSV lines), not just the first."""

    def __init__(
        self,
        message: str,
        problems: Sequence[str] | None = None,
        *,
        code: str | None = None,
        **params: object,
    ) -> None:
        super().__init__(message, code=code, **params)
        self.problems = list(problems or [])

    def __str__(self) -> str:
        head = super().__str__()
        return head if not self.problems else head + "\n" + "\n".join(self.problems)
