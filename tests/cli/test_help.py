"""``--help`` tells what a newcomer needs first (issue 21, item 6)."""

from __future__ import annotations

import pytest

from amplify_fakes.cli import main


def test_serve_help_names_the_control_api_and_the_prod_prefix(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--help"])
    assert exit_info.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "/_fake is the control API" in text
    assert "/prod stage (/prod/backend/...)" in text
