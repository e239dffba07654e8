"""The core's modules form no import cycle, and the core never imports a feature app (DESIGN §2).

Read statically from the source, so an import written inside a function, where it would hide a
cycle until some request happened to run it first, counts like one at the top of the module."""

import ast
from pathlib import Path

import pytest

import intranet

PACKAGE_DIR = Path(intranet.__file__).parent
FEATURE_APPS = ("tutorials", "skills_map", "governance", "calendar_sync", "documents")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in PACKAGE_DIR.rglob("*.py") if "migrations" not in path.parts}


def imported_names(module: str) -> set[str]:
    """Every module name an import statement of `module` names, anywhere in its source."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module
            names.add(target)
            names.update(f"{target}.{alias.name}" for alias in node.names)  # `from . import roles`
    return names


def core_imports(module: str) -> set[str]:
    """The modules of `intranet` that `module` imports (a name inside a module counts as the module)."""
    found = set()
    for name in imported_names(module):
        while name and name not in MODULES:
            name = name.rpartition(".")[0]
        if name and name != module and name != "intranet":
            found.add(name)
    return found


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of the graph, as the path that closes it, or []."""
    done, path = set(), []

    def visit(node: str) -> list[str]:
        if node in path:
            return [*path[path.index(node):], node]
        if node in done:
            return []
        path.append(node)
        for target in sorted(graph[node]):
            if cycle := visit(target):
                return cycle
        path.pop()
        done.add(node)
        return []

    for start in sorted(graph):
        if cycle := visit(start):
            return cycle
    return []


def test_the_core_modules_import_each_other_without_a_cycle():
    graph = {module: core_imports(module) for module in MODULES}

    assert find_cycle(graph) == []


def test_the_cycle_finder_sees_a_cycle_closed_inside_a_function():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_the_core_never_imports_a_feature_app(module):
    feature_imports = {name for name in imported_names(module) if name.split(".")[0] in FEATURE_APPS}

    assert feature_imports == set()
