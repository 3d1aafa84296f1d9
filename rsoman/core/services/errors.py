"""Errors a service raises. Each carries a message fit to show an officer as it is."""

from dataclasses import dataclass


class ServiceError(Exception):
    """Base of every expected failure: the CLI prints it on one line, the GUI in a message box."""


class NotFound(ServiceError):
    pass


class PermissionDenied(ServiceError):
    pass


class AuthenticationFailed(ServiceError):
    pass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where (a line number, a JSON path or a form field), which
    field, and why."""

    location: str
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        field = f"{self.field}: " if self.field else ""
        return f"{where}{field}{self.reason}"


class ValidationFailed(ServiceError):
    """Input was refused; `problems` lists every reason, not just the first."""

    def __init__(self, problems: list[Problem], summary: str | None = None) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        super().__init__(summary or f"{count} problem{'s' if count != 1 else ''} found")
