"""The generator rebuilds contracts/ byte for byte, and fails loudly on stale input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from amplify_fakes.cli import main as cli_main
from amplify_fakes.contracts import build

ROOT = Path(__file__).resolve().parents[2]


def test_rebuild_into_a_temp_dir_is_byte_identical(tmp_path: Path) -> None:
    out = tmp_path / "contracts"
    assert build.main(["--out", str(out)]) == 0
    rebuilt = {p.name: p.read_bytes() for p in out.iterdir()}
    committed = {p.name: p.read_bytes() for p in (ROOT / "contracts").iterdir()}
    assert rebuilt.keys() == committed.keys()
    assert len(rebuilt) == 33  # 31 operations + openapi.json + DISCREPANCIES.md
    for name, data in rebuilt.items():
        assert data == committed[name], (
            f"contracts/{name} is stale: run amplify-fakes contracts build"
        )


def test_check_reports_a_readable_diff_for_a_changed_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "contracts"
    build.write(out)
    target = out / "GetBackend.json"
    target.write_text(target.read_text().replace('"POST"', '"PUT"'))
    assert cli_main(["contracts", "build", "--check", str(out)]) == 1
    printed = capsys.readouterr().out
    assert '-      "method": "PUT",' in printed
    assert '+      "method": "POST",' in printed
    assert "stale" in printed
    assert build.write(out) == ["GetBackend.json"]
    assert cli_main(["contracts", "build", "--check", str(out)]) == 0


def test_an_override_naming_a_missing_member_fails_the_build() -> None:
    overrides = build.load_overrides()
    stale = {"operation": "GetBackend", "part": "response", "path": "noSuchMember"}
    overrides["overrides"].append(
        {**stale, "rule": "required", "value": True, "restReference": "-", "botocore": "-"}
    )
    with pytest.raises(ValueError, match="GetBackend response noSuchMember"):
        build.render_all(overrides)


def test_discrepancies_list_every_override_and_note() -> None:
    overrides = json.loads(build.OVERRIDES_PATH.read_text())
    text = (ROOT / "contracts" / "DISCREPANCIES.md").read_text()
    rows = [
        line
        for line in text.splitlines()
        if re.match(r"\| \S+ \| (request|response|error) \|", line)
    ]
    assert len(rows) == len(overrides["overrides"]) + len(overrides["notes"])
    assert "openIDIatTTL" in text
    assert "| TooManyRequestsException | LimitExceededException |" in text
