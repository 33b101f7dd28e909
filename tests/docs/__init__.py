"""README.md's examples, run as tests; the helpers' asserts get pytest's reports too."""

import pytest

# The helpers' checks (claims, shell checks) fail with pytest's assertion details, as they did
# when they lived in the test module; this must run before they are imported.
pytest.register_assert_rewrite(
    "tests.docs._blocks",
    "tests.docs._claims",
    "tests.docs._python_examples",
    "tests.docs._shell_checks",
    "tests.docs._shell_examples",
)
