"""The service's modeled errors, as the handlers raise them (no transport here).

Class names equal botocore's error shape names, which are what goes on the wire in
``x-amzn-ErrorType``, so boto3 raises ``client.exceptions.<Name>``.
"""

from __future__ import annotations

from typing import Any, ClassVar

#: Longest error message: ids in messages are the caller's, and may be megabytes long.
MAX_MESSAGE = 1024


class ServiceError(Exception):
    """An error the service answers with: an HTTP status, an error type and a JSON body."""

    code: ClassVar[str]
    status: ClassVar[int]

    def __init__(self, message: str, **members: str):
        if len(message) > MAX_MESSAGE:
            message = message[: MAX_MESSAGE - 1] + "…"
        super().__init__(message)
        self.message = message
        self.members = members

    def wire_body(self) -> dict[str, Any]:
        """The error's JSON body in wire names."""
        return {"message": self.message, **self.members}

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.message, self.members))


def _rebuild(cls: type[ServiceError], message: str, members: dict[str, str]) -> ServiceError:
    return cls(message, **members)


class BadRequestException(ServiceError):
    """400: the request is not formed properly."""

    code = "BadRequestException"
    status = 400


class NotFoundException(ServiceError):
    """404: an app, environment, resource, job or session does not exist."""

    code = "NotFoundException"
    status = 404

    def __init__(self, message: str, resource_type: str):
        super().__init__(message, resourceType=resource_type)
        self.resource_type = resource_type

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.message, self.resource_type))


class MissingAuthenticationTokenException(ServiceError):
    """403: API Gateway's answer to a method and path that no operation has.

    Not one of the service's own errors: the gateway answers before the service is
    reached, with this fixed message (see docs/semantics.md, "Unknown routes").
    """

    code = "MissingAuthenticationTokenException"
    status = 403
    MESSAGE = "Missing Authentication Token"

    def __init__(self, message: str = MESSAGE):
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.message,))


class TooManyRequestsException(ServiceError):
    """429: a limit was exceeded; botocore retries it."""

    code = "TooManyRequestsException"
    status = 429

    def __init__(self, message: str, limit_type: str = "RequestsPerSecond"):
        super().__init__(message, limitType=limit_type)
        self.limit_type = limit_type

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.message, self.limit_type))


class GatewayTimeoutException(ServiceError):
    """504: a temporary problem in the service; botocore retries it."""

    code = "GatewayTimeoutException"
    status = 504


class StateFileError(ServiceError):
    """500: ``serve --state`` could not make a change durable, so the change was undone.

    Answered like a service error, but the emulator's own (AWS's generic
    ``InternalFailure``), instead of a success it could not keep. botocore retries it.
    """

    code = "InternalFailure"
    status = 500


class RequestEntityTooLargeException(ServiceError):
    """413: the request body is over API Gateway's 10 MB payload limit.

    Not one of the service's modeled errors (so not in :data:`ERRORS`): API Gateway, in
    front of the service, answers it before the service sees the request.
    """

    code = "RequestEntityTooLargeException"
    status = 413


ERRORS: dict[str, type[ServiceError]] = {
    cls.code: cls
    for cls in (
        BadRequestException,
        NotFoundException,
        TooManyRequestsException,
        GatewayTimeoutException,
    )
}
