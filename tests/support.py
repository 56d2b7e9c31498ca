"""Helpers shared by the tests: counting queries, running Django in a separate process."""

import os
import subprocess
import sys

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

# Never handed to a separate process: it chooses its own settings, secrets and database, and
# the browser tests' async allowance would fail the production checks.
PRIVATE_VARIABLES = {"SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def count_queries(client, path):
    """How many queries a successful GET of `path` makes."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def run_python(code, **env):
    """Run Python code in a fresh process from the project's folder, with `env` added."""
    environment = {k: v for k, v in os.environ.items() if k not in PRIVATE_VARIABLES} | env
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=environment,
        cwd=settings.BASE_DIR,
        check=False,
        timeout=120,
    )


def run_django(code, **env):
    """Like run_python, after django.setup()."""
    return run_python("import django; django.setup()\n" + code, **env)


def seed_migrated_data():
    """What the migrations seed, which the live server's flush between tests removes: the default
    locale, the tree's root, the root collection and the staff roles."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Collection, Locale, Page

    from core import roles

    # The flush recreated the content types under new ids.
    ContentType.objects.clear_cache()
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root", live=True))
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")
    roles.create_translators_group(apps)
    roles.create_staff_roles(apps)


def require_redis(host="127.0.0.1", port=6379):
    """Skip a test that needs Redis when it is not running here; in CI (`CI` set), fail."""
    import socket

    import pytest

    try:
        socket.create_connection((host, port), timeout=0.5).close()
    except OSError:
        message = f"Redis is not running on {host}:{port} (start it with `redis-server`)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def migrated_database_url():
    """The URL of the (migrated) PostgreSQL test database, for a separate process; else None."""
    if connection.vendor != "postgresql":
        return None
    params = connection.get_connection_params()
    user = params.get("user") or "postgres"
    auth = f"{user}:{params['password']}" if params.get("password") else user
    host, port = params.get("host") or "127.0.0.1", params.get("port") or 5432
    return f"postgres://{auth}@{host}:{port}/{connection.settings_dict['NAME']}"
