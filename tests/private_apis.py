"""The test harness's couplings to other libraries' internals, kept apart from
core/private_apis.py because production does not install pytest, pytest-django or Wagtail's test
helpers, and core must not import them.

Each says what it relies on and the version it was checked against; tests/test_private_apis.py
guards each, and docs/upgrading.md lists them. Checked against pytest-django 4.14.0, Wagtail 7.4.4
and translate-toolkit 3.20.4.
"""

from pytest_django.plugin import blocking_manager_key
from translate.storage import factory
from wagtail.images.tests.utils import get_test_image_file

# An image file for tests (a small PNG): Wagtail's own test helper. Relies on
# `wagtail.images.tests.utils.get_test_image_file(filename=..., colour=..., size=...)` (Wagtail
# 7.4.4), which lives in Wagtail's test package, not in its documented `wagtail.test.utils`.
sample_image_file = get_test_image_file


def database_unblocked(config):
    """A context manager in which a pytest hook may use the test database (pytest-django blocks
    it outside tests that ask for it; a teardown hook has no fixture to ask with).

    Relies on pytest-django 4.14.0 keeping its DjangoDbBlocker in `config.stash` under
    `pytest_django.plugin.blocking_manager_key` (a private name; the public `django_db_blocker`
    fixture gives the same object, but only to fixtures and tests)."""
    return config.stash[blocking_manager_key].unblock()


def read_xliff2(path):
    """The translate-toolkit store of an XLIFF 2.0 file, read as a translator's tool reads it.

    translate-toolkit 3.20.4 maps ".xlf" to its XLIFF 1.2 class; its factory is told the XLIFF 2
    class instead through `classes_str`, built from the private default map
    `factory._classes_str` ({extension: (module, class name)})."""
    return factory.getobject(
        str(path), classes_str={**factory._classes_str, "xlf": ("xliff2", "Xliff2File")}
    )
