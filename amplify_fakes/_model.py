"""The one place that loads botocore's service model for amplifybackend.

Everything else asks here, so the model is parsed once per process.
"""

from __future__ import annotations

import functools
from typing import Any

import botocore.session
from botocore.model import ServiceModel

SERVICE_NAME = "amplifybackend"
API_VERSION = "2020-08-11"


@functools.cache
def raw_model() -> dict[str, Any]:
    """The service-2 document as botocore ships it (a plain dict; do not mutate)."""
    loader = botocore.session.get_session().get_component("data_loader")
    model: dict[str, Any] = loader.load_service_model(SERVICE_NAME, "service-2", API_VERSION)
    return model


@functools.cache
def raw_paginators() -> dict[str, Any]:
    """The paginators-1 document for amplifybackend."""
    loader = botocore.session.get_session().get_component("data_loader")
    doc: dict[str, Any] = loader.load_service_model(SERVICE_NAME, "paginators-1", API_VERSION)
    return doc


@functools.cache
def service_model() -> ServiceModel:
    """botocore's :class:`ServiceModel` for amplifybackend."""
    return ServiceModel(raw_model(), service_name=SERVICE_NAME)
