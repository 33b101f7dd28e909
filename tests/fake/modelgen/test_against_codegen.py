"""The fake's models against Amplify codegen's own generator, run through node.

``js/`` is a small npm project pinning ``@aws-amplify/graphql-generator`` (the package
``amplify codegen models`` uses, with appsync-modelgen-plugin) and ``pluralize``;
``.ci/run`` installs it with ``npm ci``. ``js/generate.js`` runs every schema of
``_corpus.py`` (the hand-written ones and 40 random ones of a fixed seed) through both
codegen targets in one node process.

Without node or the installed packages the tests skip, except under CI (``CI`` set),
where they fail: CI must not pass by skipping the comparison.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from amplify_fakes._service.modelgen import ModelgenError, generate
from amplify_fakes._service.modelgen.words import plural
from tests.fake.modelgen._corpus import ACCEPTED, REJECTED, WORDS, random_schemas
from tests.fake.modelgen._support import schema_js_document

JS = Path(__file__).parent / "js"
GENERATOR = JS / "node_modules" / "@aws-amplify" / "graphql-generator" / "package.json"
RANDOM = random_schemas(seed=15, count=40)
SCHEMAS = {**ACCEPTED, **RANDOM, **REJECTED}

# codegen's messages the fake repeats word for word (the others say the same in other words)
SAME_MESSAGE = {
    "unknown type",
    "nullable primary key",
    "belongs to without parent",
    "has many not a list",
    "custom scalar field",
    "many to many one side",
    "has one list",
}


@pytest.fixture(scope="module")
def codegen() -> dict[str, Any]:
    """codegen's answers: ``results`` by schema name, ``plurals`` by word."""
    node = shutil.which("node")
    missing = None
    if node is None:
        missing = "node is not installed"
    elif not GENERATOR.is_file():
        missing = f"the reference generator is not installed: run npm ci in {JS.name}/"
    if missing is not None:
        if os.environ.get("CI"):
            pytest.fail(f"{missing} (under CI the comparison with codegen must run)")
        pytest.skip(missing)
    assert node is not None
    request = {"schemas": list(SCHEMAS.values()), "words": WORDS}
    done = subprocess.run(
        [node, "generate.js"],
        cwd=JS,
        input=json.dumps(request),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    return {
        "results": dict(zip(SCHEMAS, answer["results"], strict=True)),
        "plurals": dict(zip(WORDS, answer["plurals"], strict=True)),
    }


@pytest.mark.parametrize("name", [*ACCEPTED, *RANDOM])
def test_models_and_introspection_are_codegens(codegen: dict[str, Any], name: str) -> None:
    real = codegen["results"][name]
    assert "error" not in real, real

    ours = generate(SCHEMAS[name])

    assert schema_js_document(ours.models) == schema_js_document(real["models"])
    # byte for byte, but for the one escape the fake adds for Studio's reader
    assert ours.models.replace("\\u003b", ";") == real["models"]
    assert ours.introspection == real["introspection"]


@pytest.mark.parametrize("name", list(REJECTED))
def test_what_codegen_rejects_the_fake_rejects(codegen: dict[str, Any], name: str) -> None:
    real = codegen["results"][name]
    assert "error" in real, f"codegen accepted {name}"

    with pytest.raises(ModelgenError) as error:
        generate(REJECTED[name])

    if name in SAME_MESSAGE:
        assert str(error.value) == real["error"]


def test_plural_names_are_codegens(codegen: dict[str, Any]) -> None:
    differ = {w: (plural(w), real) for w, real in codegen["plurals"].items() if plural(w) != real}

    assert differ == {}
