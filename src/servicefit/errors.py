"""The one exception hierarchy of servicefit, and the exit codes the command line maps it to.

0 ok; 1 a run that completed and found failures (a changed recommendation in `diff`, failing
rule cases, a failed input in a batch); 2 bad input or usage, always with a message naming the
file, the place and the fix; 3 an internal error (a bug: anything that is not a ServicefitError);
130 and 143 for Ctrl-C and SIGTERM; 141 when standard output's reader went away.
"""

from __future__ import annotations

from typing import NamedTuple

EXIT_OK = 0
EXIT_FAILURES = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130
EXIT_PIPE = 141  # standard output's reader went away: 128 + SIGPIPE, as a shell expects
EXIT_TERMINATED = 143


class Location(NamedTuple):
    """Where in which file a problem sits. Lines and columns count from 1."""

    file: str
    line: int | None = None
    column: int | None = None
    key: str | None = None

    def __str__(self) -> str:
        text = self.file
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


class ServicefitError(Exception):
    """Base of every error servicefit reports to a user."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, location: Location | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def __str__(self) -> str:
        parts = []
        if self.location is not None:
            prefix = str(self.location)
            if self.location.key:
                prefix += f": {self.location.key}"
            parts.append(f"{prefix}: {self.message}")
        else:
            parts.append(self.message)
        if self.hint:
            parts.append(self.hint)
        return " ".join(parts)

    def to_dict(self) -> dict[str, object]:
        loc = self.location
        return {
            "message": str(self),
            "file": loc.file if loc else None,
            "line": loc.line if loc else None,
            "column": loc.column if loc else None,
            "key": loc.key if loc else None,
        }


class InputError(ServicefitError):
    """A file or value given by the user cannot be used (exit 2)."""


class AnswersError(InputError):
    """An answers file is malformed or holds an answer that is not allowed. `more`: the other
    problems found in the same file, each an AnswersError of its own (shown one a line)."""

    more: tuple[AnswersError, ...] = ()

    def every(self) -> tuple[AnswersError, ...]:
        return (self, *self.more)


class RulesError(InputError):
    """A rule set (models, questions, rules, cases) is malformed or inconsistent.

    `owner` is the id of the rule, question or model the problem sits in, `detail` the message
    without that id, and `code` the kind of problem (for `rules lint`).
    """

    owner: str | None = None
    detail: str | None = None
    code: str = "invalid"

    @classmethod
    def found(
        cls,
        detail: str,
        location: Location | None,
        hint: str | None = None,
        owner: str | None = None,
        code: str = "invalid",
    ) -> RulesError:
        """A problem with its owner id and kind; the message reads 'owner: detail'."""
        exc = cls(f"{owner}: {detail}" if owner else detail, location, hint)
        exc.owner, exc.detail, exc.code = owner, detail, code
        return exc


class UsageError(InputError):
    """The command line asks for something impossible."""


class ValueProblem(Exception):
    """A value that does not fit a question or setting. Not shown as it is: the caller knows
    where the value stood and raises an InputError that names the place."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint


class Terminated(BaseException):
    """SIGTERM arrived: stop, clean up what is half done, exit 143. A BaseException, like
    KeyboardInterrupt, so that no `except Exception` swallows it."""
