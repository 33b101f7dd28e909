"""The library's public exceptions, in one place.

Every error amplify-fakes raises into user code derives from :class:`AmplifyFakesError`
and also from the builtin that fits it, so ``except ValueError`` and ``except KeyError``
keep working in code that does not know this library::

    AmplifyFakesError(Exception)
      ContractViolation(AmplifyFakesError, ValueError)    a value broke an operation's contract
      UsageError(AmplifyFakesError, ValueError)           the library was called the wrong way
      UnknownOperationError(AmplifyFakesError, KeyError)  no such amplifybackend operation
      FakeDefectError(AmplifyFakesError, RuntimeError)    a bug inside the fake (please report it)

Errors of the service itself (``NotFoundException`` and friends) are not Python classes
here: the fake answers them over the wire, and botocore raises them as
``client.exceptions.NotFoundException`` exactly as against AWS.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "AmplifyFakesError",
    "ContractViolation",
    "FakeDefectError",
    "UnknownOperationError",
    "UsageError",
    "Violation",
]


class AmplifyFakesError(Exception):
    """Root of every exception amplify-fakes raises into user code."""


@dataclass(frozen=True)
class Violation:
    """One broken contract rule.

    ``path`` is a JSON path into the checked value (``$.ResourceConfig.Mfa.MFAMode``),
    ``rule`` the JSON Schema keyword that failed (``required``, ``enum``, ``type``,
    ``additionalProperties``, ``minimum``, ...), and ``message`` says what was wrong.
    """

    path: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message} (rule: {self.rule})"


class ContractViolation(AmplifyFakesError, ValueError):
    """A request or response broke its operation's contract.

    The message names the operation, the JSON path of each offending member and the
    rule it broke; :attr:`errors` holds every violation found, not just the first.

    >>> from amplify_fakes.contracts import validate_request
    >>> try:
    ...     validate_request("GetBackend", {"AppId": "d1abc", "Colour": "red"})
    ... except ContractViolation as exc:
    ...     print(exc.errors[0].path, exc.errors[0].rule)
    $.Colour additionalProperties
    """

    def __init__(self, operation: str, part: str, level: str, errors: Sequence[Violation]):
        self.operation = operation
        self.part = part
        self.level = level
        self.errors: tuple[Violation, ...] = tuple(errors)
        lines = "\n".join(f"  - {error}" for error in self.errors)
        count = len(self.errors)
        noun = "violation" if count == 1 else "violations"
        super().__init__(
            f"{operation} {part} ({level} level) breaks its contract, {count} {noun}:\n{lines}"
        )

    def __reduce__(
        self,
    ) -> tuple[type[ContractViolation], tuple[str, str, str, tuple[Violation, ...]]]:
        return (type(self), (self.operation, self.part, self.level, self.errors))


class UsageError(AmplifyFakesError, ValueError):
    """The library was called with an argument it cannot use; the message says how to fix it."""


class UnknownOperationError(AmplifyFakesError, KeyError):
    """An operation name that amplifybackend does not have; the message lists close matches."""

    def __init__(self, name: str, known: Iterable[str]):
        self.name = name
        known = list(known)
        self.suggestions = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
        if not self.suggestions:
            lowered = {op.lower(): op for op in known}
            match = lowered.get(name.replace("_", "").lower())
            self.suggestions = [match] if match else []
        hint = (
            f"; did you mean {', '.join(self.suggestions)}?"
            if self.suggestions
            else "; see amplify_fakes.contracts.operations()"
        )
        super().__init__(f"unknown amplifybackend operation {name!r}{hint}")

    def __str__(self) -> str:  # KeyError's str() would wrap the message in quotes
        return str(self.args[0])

    def __reduce__(self) -> tuple[type[UnknownOperationError], tuple[str, list[str]]]:
        return (type(self), (self.name, self.suggestions))


class FakeDefectError(AmplifyFakesError, RuntimeError):
    """A bug inside the fake, raised to the test instead of being disguised as a service error.

    A 5xx would be retried by botocore and look like flaky throttling; this names the
    operation and the request so the defect can be reported. The original exception is
    the ``__cause__``.
    """

    def __init__(self, operation: str, params: object, cause: BaseException):
        self.operation = operation
        self.params = params
        self.cause = cause
        super().__init__(
            f"amplify-fakes defect while handling {operation}: {type(cause).__name__}: {cause}; "
            f"request parameters: {_masked_repr(params)}"
        )

    def __reduce__(self) -> tuple[type[FakeDefectError], tuple[str, object, BaseException]]:
        return (type(self), (self.operation, self.params, self.cause))


SECRET_MEMBERS = frozenset(
    {"ClientSecret", "PrivateKey", "ChallengeCode", "client_secret", "private_key", "challengeCode"}
)
_SECRET_KEYS = frozenset({"clientsecret", "privatekey", "challengecode"})


def is_secret_member(name: object) -> bool:
    """True for a member holding a secret, however it is spelled.

    ``ClientSecret``, ``client_secret``, ``clientSecret``, ``CLIENT-SECRET``...: a
    misplaced or misspelt member (which the fake rejects, but still logs) is masked too.
    """
    return isinstance(name, str) and (
        name in SECRET_MEMBERS or name.replace("_", "").replace("-", "").lower() in _SECRET_KEYS
    )


def mask_secrets(value: object) -> object:
    """A copy of ``value`` with every secret member's value replaced by ``"***"``."""
    if isinstance(value, dict):
        return {k: "***" if is_secret_member(k) else mask_secrets(v) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_secrets(v) for v in value]
    return value


def _masked_repr(value: object) -> str:
    text = repr(mask_secrets(value))
    return text if len(text) <= 2000 else text[:1999] + "…"
