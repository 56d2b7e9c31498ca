"""Check that migrating a database made by an earlier version keeps every page and revision.

    make check-upgrade FROM=<git revision>   # e.g. FROM=f2e6239, the last commit before core/home

Builds the demo site with the earlier version (a git worktree) in a new PostgreSQL database,
adds a translator's edit and an unpublished draft, migrates it with this version, and compares:
pages, revisions, the draft, the edits, the translators' permission, and every live page in both
languages answering 200. Exits non-zero on any difference.
"""

import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
SERVER = os.environ.get("UPGRADE_SERVER_URL", "postgres://postgres@127.0.0.1:5432")

BEFORE = """
import django; django.setup()
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.utils import translation
from wagtail.models import Page, Revision
app = "translations" if apps.is_installed("translations") else "interface_strings"
Edit = apps.get_model(app, "InterfaceTranslation")
Change = apps.get_model(app, "InterfaceTranslationChange")
user = User.objects.create_user("traductora", password="x")
user.groups.add(Group.objects.get(name="Translators"))
Edit.objects.create(language="es", msgid="Skip to main content", msgstr="Saltar al contenido")
Change.objects.create(language="es", msgid="Skip to main content", new_msgstr="Saltar al contenido")
with translation.override("es"):
    about = Page.objects.get(slug_es="acerca-de").specific
    about.intro_es = "Borrador sin publicar"
    about.save_revision(user=user)
"""

AFTER = """
import django; django.setup()
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import translation
from wagtail.models import Page, Revision
from interface_strings.models import InterfaceTranslation
about = Page.objects.get(slug_es="acerca-de")
client = Client()
failures = []
pages = Page.objects.filter(depth__gte=2).live().specific()
for page in pages:
    for language in ("es", "en"):
        with translation.override(language):
            url = page.get_url()
        if client.get(url, HTTP_HOST="localhost").status_code != 200:
            failures.append(url)
print("pages", Page.objects.count(), "revisions", Revision.objects.count())
print("draft", about.get_latest_revision().as_object().intro_es)
print("edits", InterfaceTranslation.objects.count())
print("translator", User.objects.get(username="traductora").has_perm(
    "interface_strings.change_interfacetranslation"))
print("stale content types", ContentType.objects.filter(
    app_label__in=["quito_portal", "translations"]).count())
print("live pages", len(pages), "failures", failures)
"""

COUNTS = """
import django; django.setup()
from wagtail.models import Page, Revision
print("pages", Page.objects.count(), "revisions", Revision.objects.count())
"""


def run(args, cwd, database_url):
    env = os.environ | {
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "quito_portal.settings.dev",
    }
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode:
        sys.exit(f"{' '.join(map(str, args))} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def main(revision):
    database = f"qp_upgrade_{uuid.uuid4().hex[:8]}"
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{database}"')
    database_url = f"{SERVER}/{database}"
    with tempfile.TemporaryDirectory() as folder:
        old = Path(folder) / "old"
        subprocess.run(["git", "worktree", "add", "-q", str(old), revision], cwd=ROOT, check=True)  # noqa: S603, S607
        try:
            for step in (
                ["manage.py", "compile_catalogs"],
                ["manage.py", "migrate", "--noinput"],
                ["manage.py", "load_demo_content"],
            ):
                run([PYTHON, *step], old, database_url)
            run([PYTHON, "-c", BEFORE], old, database_url)
            before = run([PYTHON, "-c", COUNTS], old, database_url).strip()
        finally:
            remove = ["git", "worktree", "remove", "--force", str(old)]
            subprocess.run(remove, cwd=ROOT, check=False)  # noqa: S603, S607
    run([PYTHON, "manage.py", "migrate", "--noinput"], ROOT, database_url)
    after = run([PYTHON, "-c", AFTER], ROOT, database_url).strip().splitlines()
    print("before:", before)
    print("after: ", "\n        ".join(after))
    expected = [
        before,
        "draft Borrador sin publicar",
        "edits 1",
        "translator True",
        "stale content types 0",
    ]
    ok = after[:5] == expected and after[5].endswith("failures []")
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    print("upgrade kept everything" if ok else "UPGRADE LOST SOMETHING")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "HEAD"))
