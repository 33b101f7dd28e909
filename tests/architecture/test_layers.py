"""The layers import downward only: doors -> core -> service -> contracts and errors.

Read from the source (AST), so an import inside a function or under TYPE_CHECKING
counts too: a layer that needs an upper one, even for a type, is not a layer.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "amplify_fakes"

#: Lower numbers are lower layers; a module may import its own layer or lower ones.
LAYERS = (
    ("amplify_fakes.errors", 0),
    ("amplify_fakes._model", 0),
    ("amplify_fakes.contracts", 0),
    ("amplify_fakes._service", 1),
    ("amplify_fakes._core", 2),
)
DOORS = 3  # everything else: the hook, the server, the plugin, the CLI, the facade


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> int:
    for prefix, layer in LAYERS:
        if module == prefix or module.startswith(prefix + "."):
            return layer
    return DOORS


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("amplify_fakes"))
        elif (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and (node.module or "").startswith("amplify_fakes")
        ):
            module = str(node.module)
            if module != "amplify_fakes":  # the package itself is lazy: see its __init__
                found.add(module)
            # "from amplify_fakes._core import codec" imports the module codec
            found.update(f"{module}.{a.name}" for a in node.names)
    return found


def _graph() -> dict[str, set[str]]:
    modules = {_name(p): p for p in PACKAGE.rglob("*.py")}
    return {
        name: {m for m in _imports(path) if m in modules and m != name}
        for name, path in modules.items()
    }


def test_no_module_imports_a_higher_layer() -> None:
    upward = [
        f"{module} (layer {_layer(module)}) imports {target} (layer {_layer(target)})"
        for module, targets in _graph().items()
        for target in targets
        if _layer(target) > _layer(module) and not module.endswith("__init__")
    ]
    assert upward == []


def _cycle_from(graph: dict[str, set[str]], start: str) -> list[str] | None:
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for target in graph.get(node, ()):
            if target == start:
                return [*path, start]
            if target not in seen:
                seen.add(target)
                stack.append((target, [*path, target]))
    return None


@pytest.mark.parametrize("layer", [0, 1, 2])
def test_the_lower_layers_have_no_import_cycle(layer: int) -> None:
    graph = _graph()
    # a package's __init__ re-exports its modules: importing it is not a cycle
    inner = {
        m: {t for t in ts if _layer(t) <= layer and t != m.rpartition(".")[0]}
        for m, ts in graph.items()
        if _layer(m) == layer
    }
    cycles = [c for m in inner if (c := _cycle_from(inner, m)) is not None]
    assert cycles == []


def test_the_checker_sees_an_upward_import(tmp_path: Path) -> None:
    """The reader finds imports under TYPE_CHECKING and inside functions."""
    source = tmp_path / "probe.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from amplify_fakes._fake import AmplifyBackendFake\n"
        "def f():\n    from amplify_fakes._core import dispatch\n"
    )
    found = _imports(source)
    assert {"amplify_fakes._fake", "amplify_fakes._core.dispatch"} <= found
    assert _layer("amplify_fakes._fake") > _layer("amplify_fakes._core.dispatch")
    assert _layer("amplify_fakes._core.dispatch") > _layer("amplify_fakes._service.state")
