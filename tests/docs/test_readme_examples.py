"""Every example in README.md, run as a test (issue 21: "README examples are tests").

**The runner is this module and its helpers beside it, not a plugin**: ``_blocks`` finds the
blocks and reads their markers, ``_python_examples`` runs python blocks (with ``_claims``),
``_shell_examples`` runs shell blocks (with ``_shell_checks``), and this module holds the tests.
Both well-kept plugins were tried on this README with this project's pytest 9.0.3 and
pytest-xdist 3.8.0:

- pytest-examples 0.0.18 (pydantic's, May 2025): a failing example crashes pytest 9's failure
  report (its rewritten traceback ends in ``INTERNALERROR ... RuntimeError: generator raised
  StopIteration``, and under xdist the worker's report is lost), so a broken example aborts the
  run instead of failing one test. It also brings black, and checks output only as ``#>`` lines.
- pytest-markdown-docs 0.9.2 (Modal's, March 2026): runs under pytest 9 and xdist, but pins
  ``markdown-it-py<4`` (4.3 is installed here), keeps its markers in the fence's info string,
  which GitHub does not show, and runs a block that defines ``test_*`` functions without
  calling them: the plugin example "passed" without one of its tests running.

Neither runs shell blocks, runs a pytest-style block under pytest, checks what a comment claims
or fails when a block is neither run nor marked, so this runner would be needed anyway; what a
plugin would add on top (finding fences, one exec per block) is a few lines of ``ast`` here. No
new dependency, and every marker is a comment a reader sees in the block.

**What runs, and the markers** (each one visible in the block itself):

- Every fenced block is found (ids are README line numbers, ``README.md:28``); an indented code
  block, or a language not handled below, fails ``test_every_block_is_run_or_says_why``.
- ``python``: run alone, in a fresh namespace, in a temporary working directory, unless its
  first line says otherwise:

  - ``# continues the example above``: run after the previous python block (and whatever that
    one continues), in one namespace;
  - ``# given: <what>``: run in a namespace the runner prepares, ``<what>`` saying what it
    holds; each ``<what>`` has its set-up in ``GIVENS`` (``_python_examples``; an unknown one
    fails);
  - ``# not run by the README tests: <reason>`` (no block needs it today).

  A block that defines ``test_*`` functions is a pytest file: it runs under pytest (pytester, in
  a fresh process, without xdist) and each of its tests must pass. A block whose last statement
  is followed by comment lines ``# package.module.Error: message`` must raise exactly that error
  with exactly that message at that statement (the doctest convention). A statement whose line
  ends in a comment states a result: ``CLAIMS`` (``_claims``) checks each such comment against
  the value the statement produced, and a commented statement with no check in ``CLAIMS`` fails.
- ``bash``: every command runs (``bash -c``, one at a time, in order, in a temporary directory)
  unless its comment, or the block's first line, says ``not run by the README tests: <reason>``.
  ``amplify-fakes`` and ``python`` are this interpreter's (``-m amplify_fakes``, with this
  checkout first on PYTHONPATH, whatever an installed entry point points at); a block that names
  ``http://127.0.0.1:4566``, ``localhost:4566`` or ``URL`` gets a ``FakeServer`` on an ephemeral
  127.0.0.1 port in their place; ``amplify-fakes serve`` is started on port 0, used and stopped
  with SIGINT. ``SHELL_CHECKS`` (``_shell_checks``) checks what the commands' comments claim;
  ``NOT_RUN_CHECKS`` (there too) checks that a block not run here matches what does run it.
- ``toml``: the pytest configuration example is the ``pyproject.toml`` of a pytester run with
  ``--strict-config``, which checks each option's effect on the fixtures.
- ``text``: output; it must follow a pytest-style python block, whose run prints a line of the
  same shape (numbers aside).

Every subprocess and every wait has a timeout; servers bind 127.0.0.1 only.
"""

from __future__ import annotations

import os
import re
from contextlib import nullcontext
from pathlib import Path

import pytest

from amplify_fakes.server import FakeServer
from tests.docs._blocks import (
    BLOCKS,
    CONTINUES,
    KNOWN_LANGUAGES,
    NOT_RUN,
    PYTHON,
    README,
    ROOT,
    SHELL_BLOCKS,
    Block,
    chain,
    given_of,
    indented_code_blocks,
    not_run_reason,
    outputs_of,
    predecessor,
)
from tests.docs._python_examples import GIVENS, expected_error, pytest_tests_of, run_python
from tests.docs._shell_checks import NOT_RUN_CHECKS, SHELL_CHECKS
from tests.docs._shell_examples import (
    TIMEOUT,
    Shell,
    needs_server,
    run_serve,
    shell_commands,
    shell_environment,
)
from tests.plugin._support import clean_outer_environment

RUN_PYTHON = [block for block in PYTHON if not_run_reason(block) is None]
EXEC_PYTHON = [block for block in RUN_PYTHON if not pytest_tests_of(block)]
PYTEST_PYTHON = [block for block in RUN_PYTHON if pytest_tests_of(block)]
TOML = [block for block in BLOCKS if block.language == "toml"]
RUN_SHELL = [
    block
    for block in SHELL_BLOCKS
    if not_run_reason(block) is None and any(c.not_run is None for c in shell_commands(block))
]
NOT_RUN_CHECKED = [
    block
    for block in SHELL_BLOCKS
    if not_run_reason(block) is not None
    and any(pattern.search(c.text) for pattern, _ in NOT_RUN_CHECKS for c in shell_commands(block))
]

#: No xdist or cache; and no plugins the examples do not use (they only slow pytest's start).
UNUSED_PLUGINS = ("xdist", "randomly", "cacheprovider", "benchmark", "schemathesis", "anyio")
PYTEST_FLAGS = (*(flag for name in UNUSED_PLUGINS for flag in ("-p", f"no:{name}")), "-W", "error")
HYPOTHESIS_SETTINGS = """\
from hypothesis import settings

# As the project's own suite: bounded and repeatable (not part of the README example).
settings.register_profile("readme", deadline=None, derandomize=True)
settings.load_profile("readme")
"""


def test_every_block_is_run_or_says_why() -> None:
    """Each block runs, or says in itself why not; nothing is skipped silently."""
    problems = [
        f"README.md:{line}: an indented code block; fence it with a language, so it is run"
        for line in indented_code_blocks(README)
    ]
    problems += [
        f"{block}: no runner for {block.language or 'a fence without a language'!r}"
        for block in BLOCKS
        if block.language not in KNOWN_LANGUAGES
    ]
    for block in PYTHON:
        what = given_of(block)
        if what is not None and what not in GIVENS:
            problems.append(f"{block}: no set-up in GIVENS for 'given: {what}'")
        before = predecessor(block)
        if block.first_line == CONTINUES:
            if before is None:
                problems.append(f"{block} continues an example, but none comes before it")
            elif pytest_tests_of(before) or expected_error(before) is not None:
                problems.append(f"{block} continues {before}, which leaves no namespace")
        if pytest_tests_of(block) and (block.first_line == CONTINUES or what is not None):
            problems.append(f"{block}: a pytest-style block runs alone, in its own process")
    for block in SHELL_BLOCKS:
        if not shell_commands(block):
            problems.append(f"{block}: no command")
        if any(
            line.strip().startswith("#") and NOT_RUN.search(line)
            for line in block.source.splitlines()[1:]
        ):
            problems.append(f"{block}: a 'not run' comment line counts only as the first line")
    problems += [
        f"{block}: output must follow the pytest-style python block whose run prints it"
        for block in BLOCKS
        if block.language == "text" and not any(block in outputs_of(b) for b in PYTEST_PYTHON)
    ]
    assert PYTHON, "README lost its python examples (or this module its parser)"
    assert SHELL_BLOCKS, "README lost its shell examples (or this module its parser)"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("block", EXEC_PYTHON, ids=str)
def test_python_example(block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The block runs (after what it continues, in what it is given) and its claims hold."""
    monkeypatch.chdir(tmp_path)
    blocks = chain(block)
    what = given_of(blocks[0])
    assert what is None or what in GIVENS, f"{blocks[0]}: no set-up in GIVENS for {what!r}"
    setup = GIVENS[what]() if what is not None else nullcontext({})
    with setup as namespace:
        namespace["__name__"] = "readme_example"
        for link in blocks:
            ran = run_python(link, namespace)
    never = sorted(set(ran.claims) - ran.checked)
    assert not never, f"README lines {never} state a result but never ran"


def _run_pytest(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, *args: str
) -> pytest.RunResult:
    """pytest on ``pytester.path`` in a fresh process, with this checkout's amplify_fakes."""
    clean_outer_environment(monkeypatch)
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    monkeypatch.setenv("PYTHONPATH", path)
    return pytester.runpytest_subprocess(*PYTEST_FLAGS, *args, timeout=TIMEOUT)


def test_pytest_style_examples(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each pytest-style block is a test file: under pytest and this plugin (with its defaults)
    each of its tests passes, and the run prints what README shows of its output. One run for
    them all, since starting pytest costs more than their tests."""
    assert PYTEST_PYTHON, "README has no pytest-style example any more"
    for block in PYTEST_PYTHON:
        (pytester.path / f"test_readme_line_{block.line}.py").write_text(
            block.padded, encoding="utf-8"
        )
    pytester.makeconftest(HYPOTHESIS_SETTINGS)
    result = _run_pytest(pytester, monkeypatch, "-v")
    passed = {
        line.split()[0] for line in result.outlines if line.endswith("%]") and " PASSED " in line
    }
    for block in PYTEST_PYTHON:
        for name in pytest_tests_of(block):
            assert f"test_readme_line_{block.line}.py::{name}" in passed, (
                f"{block}: {name} did not pass\n{result.stdout.str()}"
            )
    result.assert_outcomes(passed=sum(len(pytest_tests_of(b)) for b in PYTEST_PYTHON))
    for output in [text for block in PYTEST_PYTHON for text in outputs_of(block)]:
        for line in output.source.splitlines():
            shape = "".join(
                r"\d+" if part.isdigit() else re.escape(part) for part in re.split(r"(\d+)", line)
            )
            assert any(re.fullmatch(shape, printed) for printed in result.outlines), (
                f"{output}: no line of the run looks like {line!r}"
            )


#: An option of the README's pytest configuration -> where its effect shows in a test.
OPTION_EFFECTS = {
    "amplifybackend_region": "amplifybackend_client.meta.region_name",
    "amplifybackend_strict": "amplifybackend_fake.strict",
    "amplifybackend_jobs": "amplifybackend_fake.settings.job_mode.value",
    "amplifybackend_clock": "amplifybackend_fake.clock.mode.value",
    "amplifybackend_one_pending_job": "amplifybackend_fake.one_pending_job",
}


@pytest.mark.parametrize("block", TOML, ids=str)
def test_toml_example(
    block: Block, pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a project's pytest configuration, pytest accepts it and each option takes effect."""
    lines = [line.split("#")[0].strip() for line in block.source.splitlines()]
    assert lines[0] == "[tool.pytest.ini_options]", lines[0]
    options: dict[str, object] = {}
    for line in filter(None, lines[1:]):
        found = re.fullmatch(r'(\w+) = (?:"([^"]*)"|(true|false))', line)
        assert found, f"{block}: cannot read {line!r}"
        options[found[1]] = found[2] if found[2] is not None else found[3] == "true"
    assert set(options) <= set(OPTION_EFFECTS), (
        f"no effect to check for {set(options) - set(OPTION_EFFECTS)}"
    )
    pytester.makepyprojecttoml(block.source)
    checks = "".join(f"    assert {OPTION_EFFECTS[k]} == {v!r}\n" for k, v in options.items())
    pytester.makepyfile(
        test_options="def test_options(amplifybackend_fake, amplifybackend_client):\n" + checks
    )
    result = _run_pytest(pytester, monkeypatch, "--strict-config")
    result.assert_outcomes(passed=1)


@pytest.mark.parametrize("block", RUN_SHELL, ids=str)
def test_shell_example(block: Block, tmp_path: Path) -> None:
    """The block's commands, in order, each exiting 0 and doing what its comment says."""
    commands = [c for c in shell_commands(block) if c.not_run is None]
    shell = Shell(tmp_path / "work", shell_environment(tmp_path / "bin"))
    shell.cwd.mkdir()
    server = FakeServer(port=0, jobs="immediate") if needs_server(commands) else None
    with server if server is not None else nullcontext():
        shell.server = server
        for command in commands:
            if command.text.startswith("amplify-fakes serve"):
                run_serve(command, shell)
                continue
            done = shell.run(command.text)
            assert done.returncode == 0, (
                f"README.md:{command.line} {command.text!r} exited {done.returncode}\n"
                f"{done.stdout}\n{done.stderr}"
            )
            for pattern, check in SHELL_CHECKS:
                if pattern.search(command.text):
                    check(done, shell)
        if server is not None:
            server.check()


@pytest.mark.parametrize("block", NOT_RUN_CHECKED, ids=str)
def test_a_block_not_run_here_matches_what_runs_it(block: Block) -> None:
    """A block marked as not run here still agrees with what runs it elsewhere (CI, the
    suite), so the marker cannot hide a command that has drifted."""
    commands = shell_commands(block)
    for pattern, check in NOT_RUN_CHECKS:
        if any(pattern.search(c.text) for c in commands):
            check(commands)
