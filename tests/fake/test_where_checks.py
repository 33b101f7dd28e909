"""A mistyped region or account id is refused, naming the fix (issue 21, item 6)."""

from __future__ import annotations

import boto3
import pytest

from amplify_fakes import AmplifyBackendFake, UsageError, mock_amplifybackend


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"region": "us-eats-1"}, "did you mean us-east-1"),
        ({"region": "mars-1"}, "not an AWS region botocore knows"),
        ({"account_id": "123"}, "account_id must be 12 digits"),
        ({"account_id": "12345678901a"}, "account_id must be 12 digits"),
    ],
)
def test_the_fake_refuses_a_mistyped_region_or_account(
    options: dict[str, str], message: str
) -> None:
    with pytest.raises(UsageError, match=message):
        AmplifyBackendFake(**options)
    with pytest.raises(UsageError, match=message):
        mock_amplifybackend(**options).start()


def test_regions_of_every_partition_and_real_accounts_are_accepted() -> None:
    for region in ("us-east-1", "eu-central-1", "cn-north-1", "us-gov-west-1"):
        assert AmplifyBackendFake(region=region, account_id="111122223333").region == region


def test_state_of_any_signed_scope_stays_readable() -> None:
    """Only the fake's own defaults are checked: a client may sign for any region, and
    what it made is read back in that region."""
    with mock_amplifybackend() as fake:
        boto3.client("amplifybackend", region_name="local-test-1").create_backend(
            AppId="d1local", AppName="shop", BackendEnvironmentName="dev"
        )
        assert fake.apps(region="local-test-1") == ["d1local"]
        assert fake.apps() == []
