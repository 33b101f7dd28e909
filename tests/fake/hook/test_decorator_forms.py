"""mock_amplifybackend as moto users write it: bare decorator, reachable fake, start/stop."""

from __future__ import annotations

import unittest

import boto3
import pytest

from amplify_fakes import AmplifyBackendFake, UsageError, mock_amplifybackend


def _create(app: str) -> None:
    boto3.client("amplifybackend", region_name="us-east-1").create_backend(
        AppId=app, AppName="shop", BackendEnvironmentName="dev"
    )


def test_the_bare_decorator_activates_a_fresh_fake_per_call() -> None:
    seen: list[list[str]] = []

    @mock_amplifybackend
    def uses_the_api(app: str) -> str:
        _create(app)
        seen.append(
            boto3.client("amplifybackend", region_name="us-east-1").get_backend(AppId=app)[
                "BackendEnvironmentList"
            ]
        )
        return app

    assert uses_the_api("d1first") == "d1first"
    assert uses_the_api("d1second") == "d1second"  # a fresh fake: d1first is gone
    assert seen == [["dev"], ["dev"]]
    assert uses_the_api.__name__ == "uses_the_api"


def test_the_bare_decorator_on_a_test_class() -> None:
    @mock_amplifybackend
    class Case(unittest.TestCase):
        def test_it(self) -> None:
            _create("d1class")

    result = unittest.TestResult()
    Case("test_it").run(result)
    assert (result.errors, result.failures, result.testsRun) == ([], [], 1)


def test_a_decorated_call_reaches_its_fake_through_the_mock() -> None:
    mock = mock_amplifybackend(jobs="immediate")
    fakes: list[AmplifyBackendFake] = []

    @mock
    def decorated() -> None:
        _create("d1reach")
        fakes.append(mock.fake)
        mock.fake.assert_called_once("CreateBackend", AppId="d1reach")

    decorated()
    decorated()
    assert len(fakes) == 2
    assert fakes[0] is not fakes[1]  # one fake per call
    with pytest.raises(UsageError, match="decorates"):
        _ = mock.fake  # between calls nothing is active


def test_start_and_stop_by_hand() -> None:
    mock = mock_amplifybackend()
    fake = mock.start()
    try:
        _create("d1manual")
        assert mock.fake is fake
        assert fake.apps() == ["d1manual"]
    finally:
        mock.stop()
    with pytest.raises(UsageError):
        _ = mock.fake
