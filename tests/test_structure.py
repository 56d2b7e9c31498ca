"""The code's dependencies run one way: core imports no app of ours, core's shelves import only
the shelves below them, and no module imports another in a circle (function-level imports
included). Sections may import each other openly (docs/architecture.md)."""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# The project package and every installed app that lives in this repository.
PACKAGES = {"quito_portal"} | {
    config.name for config in apps.get_app_configs() if Path(config.path).parent == ROOT
}
# Folders of the repository that hold no project code.
NOT_CODE = {".venv", ".git", "node_modules", "static", "media", "locale"}
# core's shelves, lowest first: each may import the ones before it, never those after.
CORE_SHELVES = ["caching", "i18n", "pages", "serving", "admin"]
# core's modules that stand below every shelf: they import nothing of core.
CORE_LEAVES = {
    "core.addresses",
    "core.query_values",
    "core.migration_operations",
    "core.private_apis",
}


def project_modules():
    """{dotted module name: path} of every Python file in the repository."""
    modules = {}
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if NOT_CODE & set(relative.parts[:-1]) or relative.parts[0].startswith("."):
            continue
        parts = list(relative.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def imported_modules(name, path, modules):
    """The project modules that module `name` imports, anywhere in it (functions included)."""

    def known(dotted):
        # `from package import module` names the module; `from module import name`, the module.
        while dotted and dotted not in modules:
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parent, *([node.module] if node.module else [])])
            for alias in node.names:
                found.add(known(f"{base}.{alias.name}" if base else alias.name))
        elif isinstance(node, ast.Import):
            found |= {known(alias.name) for alias in node.names}
    return found - {None, name}


def module_graph():
    modules = project_modules()
    return {name: imported_modules(name, path, modules) for name, path in modules.items()}


def package_graph():
    graph = {package: set() for package in PACKAGES}
    for module, targets in module_graph().items():
        source = module.split(".")[0]
        if source in PACKAGES and ".migrations." not in f".{module}.":
            graph[source] |= {target.split(".")[0] for target in targets} & PACKAGES - {source}
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
        for target in sorted(graph.get(node, ())):
            visit(target)
        stack.pop()
        done.add(node)

    for node in sorted(graph):
        visit(node)
    return found


def shelf(module):
    """The shelf of a module of core ("pages" for core.pages.models), or None."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 and parts[1] in CORE_SHELVES else None


def test_no_module_imports_another_in_a_circle():
    assert cycles(module_graph()) == []


def test_no_package_imports_another_in_a_circle():
    assert cycles(package_graph()) == []


def test_core_imports_no_app_and_no_project_module():
    assert package_graph()["core"] == set()


def template_libraries(package):
    """The template tag libraries that the templates of `package` load."""
    loaded = set()
    for path in (ROOT / package).rglob("*.html"):
        for names in re.findall(r"{%\s*load\s+(.+?)\s*%}", path.read_text(encoding="utf-8")):
            words = names.split()
            loaded |= {words[-1]} if "from" in words else set(words)
    return loaded


def test_cores_templates_load_no_apps_tag_library():
    # A {% load %} is an import the module graph cannot see.
    apps_libraries = {
        path.stem
        for package in PACKAGES - {"core"}
        for path in (ROOT / package).glob("templatetags/*.py")
        if path.stem != "__init__"
    }
    assert template_libraries("core") & apps_libraries == set()


def test_no_app_imports_the_demo_content():
    graph = package_graph()
    assert {package for package in graph if "demo_content" in graph[package]} == set()


def test_cores_shelves_import_only_the_shelves_below_them():
    upward = []
    for module, targets in module_graph().items():
        if shelf(module) is None:
            continue
        below = set(CORE_SHELVES[: CORE_SHELVES.index(shelf(module)) + 1])
        upward += [
            (module, target)
            for target in targets
            if target.startswith("core.")
            and target not in CORE_LEAVES
            and shelf(target) not in below
        ]
    assert upward == []


def test_cores_leaves_import_nothing_of_core():
    graph = module_graph()
    assert {leaf: {t for t in graph[leaf] if t.startswith("core")} for leaf in CORE_LEAVES} == {
        leaf: set() for leaf in CORE_LEAVES
    }


def test_the_module_graph_sees_function_level_and_relative_imports():
    # The rules above mean nothing if the graph misses an import: these are known.
    graph = module_graph()
    assert "core.pages.purges" in graph["core.apps"]  # inside ready()
    assert (
        "core.caching.page_cache" in graph["core.caching.process_memo"]
    )  # from . import page_cache


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


# One way to list (core/pages/listing.py): the rest of the code neither paginates nor reads a page
# number from the query string, so that every listing answers bad input alike.
LISTING_MODULE = "core/pages/listing.py"
PAGE_PARAMETERS = {"page", "p"}  # the public listings' and Wagtail admin's


def package_sources():
    """(path, syntax tree) of every module of the project's packages but migrations."""
    for package in sorted(PACKAGES):
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield str(path.relative_to(ROOT)), ast.parse(path.read_text(encoding="utf-8"))


def reads_a_page_parameter(node):
    """Whether `node` reads `page` or `p` from a query string: request.GET.get("page"),
    .getlist("p"), GET["page"], "page" in request.GET, one_value(request.GET, "page")."""
    if isinstance(node, ast.Call):
        keys, sources = node.args, [node.func, *node.args]
    elif isinstance(node, ast.Subscript):
        keys, sources = [node.slice], [node.value]
    elif isinstance(node, ast.Compare):
        keys, sources = [node.left], node.comparators
    else:
        return False
    named = {key.value for key in keys if isinstance(key, ast.Constant)} & PAGE_PARAMETERS
    return bool(named) and any(
        isinstance(part, ast.Attribute) and part.attr == "GET"
        for source in sources
        for part in ast.walk(source)
    )


def test_only_the_listing_helper_imports_djangos_paginator():
    importers = set()
    for name, tree in package_sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                modules = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            else:
                continue
            if any(module.startswith("django.core.paginator") for module in modules):
                importers.add(name)
    assert importers == {LISTING_MODULE}


@pytest.mark.parametrize(
    "code",
    [
        'request.GET.get("p")',
        'request.GET.getlist("page")',
        'request.GET["page"]',
        '"page" in request.GET',
        'first_value(request.GET, "page")',
    ],
)
def test_the_structure_test_recognises_a_read_of_the_page_number(code):
    assert any(reads_a_page_parameter(node) for node in ast.walk(ast.parse(code)))


def test_only_the_listing_helper_reads_the_page_number_from_the_query_string():
    readers = [
        f"{name}:{node.lineno}"
        for name, tree in package_sources()
        if name != LISTING_MODULE
        for node in ast.walk(tree)
        if reads_a_page_parameter(node)
    ]
    assert readers == []


def test_no_template_writes_a_link_to_a_page_of_a_listing_itself():
    # Links come from core.pages.listing.ListingPage (includes/pagination.html) or Wagtail's admin
    # include (wagtailadmin/shared/pagination_nav.html). `?page=<id>` of the translation queue
    # is a filter by page, not a page number.
    link = re.compile(r"[?&;](page|p)=\{\{[^}]*(number|page_obj|paginator)")
    writers = [
        str(path.relative_to(ROOT))
        for path in sorted(ROOT.glob("**/templates/**/*.html"))
        if ".venv" not in path.parts and link.search(path.read_text(encoding="utf-8"))
    ]
    assert writers == []
