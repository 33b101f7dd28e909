"""The contracts ship inside the wheel: a plain install reads them without a checkout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_PROBE = """
import json, amplify_fakes
from amplify_fakes import contracts
from amplify_fakes.contracts._layout import contracts_dir
try:
    contracts.validate_request("ListBackendJobs", {"AppId": "a", "BackendEnvironmentName": "b", "MaxResults": 99})
    violation = None
except contracts.ContractViolation as exc:
    violation = [exc.errors[0].path, exc.errors[0].rule]
shipped = json.loads((contracts_dir() / "openapi.json").read_text(encoding="utf-8"))
print(json.dumps({"package": amplify_fakes.__file__, "contracts": str(contracts_dir()),
                  "operations": len(contracts.operations()), "violation": violation,
                  "openapi": contracts.openapi() == shipped}))
"""


def test_wheel_carries_the_contracts(tmp_path: Path) -> None:
    dist, site, elsewhere = tmp_path / "dist", tmp_path / "site", tmp_path / "elsewhere"
    elsewhere.mkdir()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(dist),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("amplify_fakes-*.whl")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    probe = subprocess.run(
        [sys.executable, "-c", _PROBE],
        cwd=elsewhere,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    seen = json.loads(probe.stdout)
    assert Path(seen["package"]).is_relative_to(site)
    assert Path(seen["contracts"]) == site / "amplify_fakes" / "_contracts"
    assert seen["operations"] == 31
    assert seen["violation"] == ["$.MaxResults", "maximum"]
    assert seen["openapi"]  # the shipped openapi.json is what the shipped contracts give
    shipped = sorted(p.name for p in (site / "amplify_fakes" / "_contracts").iterdir())
    assert shipped == sorted(p.name for p in (ROOT / "contracts").iterdir())
