"""amplify-fakes: test code that talks to the AWS Amplify Admin UI API without AWS.

Public API (everything else is private):

- :func:`mock_amplifybackend`: answer every amplifybackend client from an in-memory fake.
- :class:`AmplifyBackendFake`: what it yields: state to read and seed, the clock, reset.
- :class:`Call`, :class:`CallLog`, :class:`Clock`, :class:`Faults`, :class:`FaultHandle`:
  the types of ``fake.calls`` (and its entries), ``fake.clock`` and ``fake.faults``, for
  annotations (you get instances from the fake; you do not construct them).
- :mod:`amplify_fakes.contracts`: JSON Schema contracts and validators for all 31 operations.
- :class:`ContractViolation`, :class:`UsageError`, :class:`UnknownOperationError`,
  :class:`AmplifyFakesError` (see :mod:`amplify_fakes.errors`).
"""

from __future__ import annotations

import importlib as _importlib
import typing as _typing

if _typing.TYPE_CHECKING:
    from amplify_fakes._fake import AmplifyBackendFake
    from amplify_fakes._mock import mock_amplifybackend
    from amplify_fakes._service.calls import Call, CallLog
    from amplify_fakes._service.clock import Clock
    from amplify_fakes._service.faults import FaultHandle, Faults
    from amplify_fakes.errors import (
        AmplifyFakesError,
        ContractViolation,
        FakeDefectError,
        UnknownOperationError,
        UsageError,
    )

__version__ = "0.1.0"

# Imported on first use, so that the pytest plugin (a submodule) can load without botocore.
_WHERE = {
    "mock_amplifybackend": "amplify_fakes._mock",
    "AmplifyBackendFake": "amplify_fakes._fake",
    "Call": "amplify_fakes._service.calls",
    "CallLog": "amplify_fakes._service.calls",
    "Clock": "amplify_fakes._service.clock",
    "FaultHandle": "amplify_fakes._service.faults",
    "Faults": "amplify_fakes._service.faults",
    "AmplifyFakesError": "amplify_fakes.errors",
    "ContractViolation": "amplify_fakes.errors",
    "FakeDefectError": "amplify_fakes.errors",
    "UnknownOperationError": "amplify_fakes.errors",
    "UsageError": "amplify_fakes.errors",
}


def __getattr__(name: str) -> _typing.Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module 'amplify_fakes' has no attribute {name!r}")
    value = getattr(_importlib.import_module(where), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})


__all__ = [
    "AmplifyBackendFake",
    "AmplifyFakesError",
    "Call",
    "CallLog",
    "Clock",
    "ContractViolation",
    "FakeDefectError",
    "FaultHandle",
    "Faults",
    "UnknownOperationError",
    "UsageError",
    "__version__",
    "mock_amplifybackend",
]
