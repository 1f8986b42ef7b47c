"""The layers keep their order: a rule broken here names the file and the line.

- The pure core (seating engine, aggregation, agenda, bounds, stop words) knows no Flask, no
  database and nothing of the app around it, so that it can be tested and benchmarked alone.
- Services know no sockets and no web pages: they decide, the handlers translate.
- Handlers (socket namespaces and views) use models at most in type hints: reads and writes go
  through the services.
- Collaborators are imported where used, never looked up by a string key.
"""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app"

PURE_CORE = ["rotation", "harvest", "aggregation.py", "agenda.py", "bounds.py", "bridging.py",
             "stopwords.py"]
NOT_IN_PURE_CORE = ("flask", "flask_socketio", "flask_babel", "sqlalchemy", "app.services",
                    "app.models", "app.realtime", "app.web", "app.extensions", "app.db")
NOT_IN_SERVICES = ("app.realtime", "app.web", "flask_socketio")
HANDLERS = ["realtime", "web"]
STRING_KEYED_HOME = {"extensions.py", "factory.py"}


def python_files(*parts: str) -> list[Path]:
    files = []
    for part in parts:
        path = APP / part
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return files


def imports(tree: ast.AST):
    """(module, imported names, line) of every import statement."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, [], node.lineno
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [alias.asname or alias.name for alias in node.names]
            yield node.module, names, node.lineno


def is_within(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == package or module.startswith(package + ".") for package in packages)


def where(path: Path, line: int) -> str:
    return f"{path.relative_to(APP.parent)}:{line}"


def annotation_names(tree: ast.AST) -> set[int]:
    """The ids of the Name nodes that stand in a type annotation."""
    inside = set()
    annotations = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            arguments = node.args.args + node.args.kwonlyargs + node.args.posonlyargs
            annotations += [arg.annotation for arg in arguments if arg.annotation]
            annotations += [node.returns] if node.returns else []
        elif isinstance(node, ast.AnnAssign):
            annotations.append(node.annotation)
    for annotation in annotations:
        inside |= {id(name) for name in ast.walk(annotation) if isinstance(name, ast.Name)}
    return inside


def test_the_pure_core_imports_nothing_of_the_app_around_it():
    broken = [
        f"{where(path, line)} imports {module}"
        for path in python_files(*PURE_CORE)
        for module, _names, line in imports(ast.parse(path.read_text()))
        if is_within(module, NOT_IN_PURE_CORE)
    ]
    assert not broken, "\n".join(broken)


def test_services_know_no_sockets_and_no_pages():
    broken = [
        f"{where(path, line)} imports {module}"
        for path in python_files("services")
        for module, _names, line in imports(ast.parse(path.read_text()))
        if is_within(module, NOT_IN_SERVICES)
    ]
    assert not broken, "\n".join(broken)


def test_handlers_use_models_only_in_type_hints():
    broken = []
    for path in python_files(*HANDLERS):
        tree = ast.parse(path.read_text())
        model_names = {name for module, names, _ in imports(tree)
                       if is_within(module, ("app.models",)) for name in names}
        hints = annotation_names(tree)
        broken += [
            f"{where(path, node.lineno)} uses {node.id} outside a type hint"
            for node in ast.walk(tree)
            if isinstance(node, ast.Name) and node.id in model_names and id(node) not in hints
        ]
    assert not broken, "\n".join(broken)


def test_no_collaborator_is_looked_up_by_a_string_key():
    broken = [
        f"{where(path, number)}: {line.strip()}"
        for path in python_files("")
        if path.name not in STRING_KEYED_HOME or path.parent != APP
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if "current_app.extensions[" in line
    ]
    assert not broken, "\n".join(broken)


def test_the_rules_above_can_fail():
    # Each rule run on a file that breaks it: a checker that sees nothing would pass silently.
    bad = ast.parse("from flask import current_app\nfrom app.models import Cafe\n"
                    "def view(cafe: Cafe) -> Cafe:\n    return Cafe.query\n")
    found = list(imports(bad))
    assert is_within(found[0][0], NOT_IN_PURE_CORE)
    assert is_within(found[1][0], ("app.models",)) and found[1][1] == ["Cafe"]
    hints = annotation_names(bad)
    uses = [node for node in ast.walk(bad) if isinstance(node, ast.Name) and node.id == "Cafe"]
    assert len(uses) == 3 and sum(id(node) not in hints for node in uses) == 1
