"""amplify-fakes: test code that talks to the AWS Amplify Admin UI API without AWS.

Public API (everything else is private):

- :mod:`amplify_fakes.contracts`: JSON Schema contracts and validators for all 31 operations.
- :class:`ContractViolation`, :class:`UsageError`, :class:`UnknownOperationError`,
  :class:`AmplifyFakesError` (see :mod:`amplify_fakes.errors`).
"""

from __future__ import annotations

from amplify_fakes.errors import (
    AmplifyFakesError,
    ContractViolation,
    UnknownOperationError,
    UsageError,
)

__version__ = "0.1.0"

__all__ = [
    "AmplifyFakesError",
    "ContractViolation",
    "UnknownOperationError",
    "UsageError",
    "__version__",
]
