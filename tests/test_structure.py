"""The code's dependencies run one way: sections import core, core imports no section, nothing
imports in a circle (function-level imports included)."""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# The project package and every installed app that lives in this repository.
PACKAGES = {"quito_portal"} | {
    config.name for config in apps.get_app_configs() if Path(config.path).parent == ROOT
}
SECTIONS = {
    "members",
    "organizations",
    "secretariat",
    "rounds",
    "thematic_areas",
    "publications",
    "news",
    "events",
}


def import_graph():
    graph = {package: set() for package in PACKAGES}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                elif isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                else:
                    continue
                graph[package] |= {name.split(".")[0] for name in names} & PACKAGES - {package}
    return graph


def cycles(graph):
    found, stack, done = [], [], set()

    def visit(node):
        if node in stack:
            found.append(stack[stack.index(node) :] + [node])
            return
        if node in done:
            return
        stack.append(node)
        for target in sorted(graph[node]):
            visit(target)
        stack.pop()
        done.add(node)

    for node in sorted(graph):
        visit(node)
    return found


def test_no_package_imports_another_in_a_circle():
    assert cycles(import_graph()) == []


def test_core_imports_no_section_and_no_project_module():
    assert import_graph()["core"] == set()


def test_section_apps_import_only_core():
    graph = import_graph()
    assert {section: graph[section] for section in SECTIONS} == {
        section: {"core"} for section in SECTIONS
    }


def test_the_project_package_holds_only_what_makes_a_django_project():
    modules = sorted(
        str(path.relative_to(ROOT / "quito_portal"))
        for path in (ROOT / "quito_portal").rglob("*.py")
    )
    assert modules == [
        "__init__.py",
        "asgi.py",
        "settings/__init__.py",
        "settings/base.py",
        "settings/dev.py",
        "settings/production.py",
        "settings/test.py",
        "urls.py",
        "wsgi.py",
    ]
