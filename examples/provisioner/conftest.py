"""The example's pytest configuration: the client fixture gets the production retry config.

This file sits next to ``provisioner.py`` (not in ``tests/``) on purpose: pytest puts the
directory of a conftest.py outside any package on ``sys.path``, so ``import provisioner``
also works when the suite is run from the repository root, where this project's
``pythonpath = ["."]`` setting does not apply.
"""

from __future__ import annotations

import provisioner
import pytest
from botocore.config import Config


@pytest.fixture
def amplifybackend_client_config() -> Config:
    """Retry throttling exactly as production clients do (``make_client``)."""
    return provisioner.client_config(max_attempts=3)
