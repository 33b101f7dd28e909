"""Every one of the 31 operations, called once through boto3 on its happy path.

The shared table ``MINIMAL_CALLS`` holds one minimal call per operation; this module checks
that the table covers the whole API, that each entry really sends its operation and gets a
200 answer that keeps the response contract, and that each operation is also exercised by
the per-family test modules of this folder.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from botocore import xform_name

from amplify_fakes import AmplifyBackendFake, contracts
from tests.fake.operations._support import MINIMAL_CALLS, body

HERE = Path(__file__).parent


def test_the_table_has_one_call_for_each_of_the_31_operations() -> None:
    assert len(contracts.operations()) == 31
    assert sorted(MINIMAL_CALLS) == sorted(contracts.operations())


@pytest.mark.parametrize("operation", contracts.operations())
def test_minimal_call_sends_the_operation_and_gets_a_valid_answer(
    fake: AmplifyBackendFake, client: Any, operation: str
) -> None:
    sent: list[str] = []

    def record(model: Any, **_: Any) -> None:
        sent.append(model.name)

    client.meta.events.register("before-call.amplifybackend", record)

    response = MINIMAL_CALLS[operation](client, fake)

    assert sent[-1] == operation
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    contracts.validate_response(operation, body(response))
    assert "Error" not in response


@pytest.mark.parametrize("operation", contracts.operations())
def test_each_operation_is_called_by_a_family_test_module(operation: str) -> None:
    method = re.compile(rf"\b{xform_name(operation)}\b")
    sources = [
        path
        for path in sorted(HERE.glob("test_*.py"))
        if path.name != Path(__file__).name and method.search(path.read_text(encoding="utf-8"))
    ]
    assert sources, f"no test module in {HERE.name}/ calls {xform_name(operation)}"
