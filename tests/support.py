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
