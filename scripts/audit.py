"""`make audit`: Lighthouse CI (audit/lighthouserc.json) over one live, public page of every page
type, and the 404 page, in every language, served by gunicorn with the production settings.

This script only prepares the site and lists the URLs; Lighthouse CI runs Lighthouse on them
(`lhci collect`), writes the reports (`lhci upload`, filesystem) and checks the thresholds in its
config (`lhci assert`). docs/testing.md describes the audit.

    .venv/bin/python scripts/audit.py [--only HomePage,404] [--languages es] [--recreate-database]
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The benchmark already starts gunicorn with the production settings and runs manage.py commands.
from bench.run import PYTHON, run, start_server  # noqa: E402

AUDIT = ROOT / "audit"
LHCI = AUDIT / "node_modules" / ".bin" / "lhci"
CONFIG = AUDIT / "lighthouserc.json"
# The 404 page's own config: its status, SEO's `http-status-code` and the console error that
# the status itself causes are expected there.
NOT_FOUND_CONFIG = AUDIT / "lighthouserc-not-found.json"
NOT_FOUND_TYPE = "404"
OUTPUT = ROOT / "artifacts" / "lighthouse"
# Lighthouse's own line between a passed audit and a failed one (the report's green).
PASS_SCORE = 0.9


def log(message):
    print(f"[audit {time.strftime('%H:%M:%S')}] {message}", flush=True)


def list_pages():
    """One page of each page type (the first in the tree) and a missing path, per public language:
    run inside the audit's environment (`--list-pages`), printed as JSON."""
    import django

    django.setup()
    from urllib.parse import urlsplit

    from django.urls import reverse
    from django.utils import translation
    from wagtail.models import Page, get_page_models

    from core.i18n.launch import public_language_codes

    pages, unaudited = [], []
    for model in get_page_models():
        if model is Page:  # Wagtail's root: not a page type of the site
            continue
        page = model.objects.live().public().exact_type(model).order_by("path").first()
        urls = {}
        for code in public_language_codes() if page else []:
            with translation.override(code):
                url = page.specific.get_url()
            if url:
                urls[code] = urlsplit(url).path
        if urls:
            pages.append({"type": model.__name__, "urls": urls})
        else:
            unaudited.append(model.__name__)
    missing = {}
    for code in public_language_codes():
        with translation.override(code):
            missing[code] = reverse("wagtail_serve", args=["lighthouse-no-such-page/"])
    pages.append({"type": NOT_FOUND_TYPE, "urls": missing})
    print(json.dumps({"pages": pages, "unaudited": unaudited}))


def ensure_database(url, recreate):
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        if recreate:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def free_port(preferred):
    for port in (preferred, 0):
        with socket.socket() as probe:
            # As gunicorn binds: a port left in TIME_WAIT by an earlier run is free.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise RuntimeError("no free port")


def fetch_status(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def lhci(*arguments, env):
    return subprocess.run([str(LHCI), *arguments], cwd=ROOT, env=env, check=False).returncode  # noqa: S603


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "AUDIT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/quito_portal_audit"
        ),
    )
    parser.add_argument(
        "--recreate-database",
        action="store_true",
        help="drop the audit database first (demo content of page types added since it was made)",
    )
    parser.add_argument("--port", type=int, default=8765, help="preferred port (else any free)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--only", default="", help="page types to audit, e.g. HomePage,404")
    parser.add_argument("--languages", default="", help="e.g. es (default: every language)")
    parser.add_argument("--list-pages", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.list_pages:
        return list_pages()
    if not LHCI.exists():
        sys.exit("Lighthouse CI is not installed in audit/node_modules: run `make audit`.")
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    if not Path(chrome).exists():
        sys.exit(f"No Chromium at {chrome} (make install-browser, or set CHROME_PATH).")

    # SIGTERM (CI's timeout) still stops the server, in `finally`.
    signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(128 + signum))
    started = time.monotonic()
    shutil.rmtree(OUTPUT, ignore_errors=True)
    static_root = Path(tempfile.mkdtemp(prefix="audit-static-"))
    env = os.environ | {
        "DATABASE_URL": args.database_url,
        "DJANGO_SETTINGS_MODULE": "quito_portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(static_root / "media"),
        "DATABASE_CONN_MAX_AGE": "600",
        "LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT),
        "CHROME_PATH": chrome,
    }
    # The database cache of production without Redis: the audit shares nothing with other runs.
    env.pop("REDIS_URL", None)

    server = None
    try:
        ensure_database(args.database_url, args.recreate_database)
        log(f"1/4 database {args.database_url}: migrate, demo content if empty")
        run([PYTHON, "manage.py", "migrate", "--noinput"], env)
        run([PYTHON, "manage.py", "createcachetable"], env)
        run([PYTHON, "manage.py", "load_demo_content", "--if-empty"], env)
        # Every language is audited, those in preparation too (launched in this database only).
        run([PYTHON, "manage.py", "site_languages", "--launch-all"], env)
        # Pages cached by an earlier run name static files that this run's collectstatic replaces.
        run([PYTHON, "manage.py", "clear_cache"], env)
        log("2/4 static files collected (hashed and compressed, served by whitenoise)")
        run([PYTHON, "manage.py", "collectstatic", "--noinput"], env)

        found = json.loads(run([PYTHON, __file__, "--list-pages"], env).splitlines()[-1])
        pages, unaudited = found["pages"], found["unaudited"]
        if args.only:
            pages = [page for page in pages if page["type"] in args.only.split(",")]
        languages = args.languages.split(",") if args.languages else None
        targets = [
            (page["type"], language, path)
            for page in pages
            for language, path in page["urls"].items()
            if languages is None or language in languages
        ]

        port = free_port(args.port)
        log(f"3/4 gunicorn on 127.0.0.1:{port} ({args.workers} workers, production settings)")
        server = start_server(env, port, page_cache=True, workers=args.workers)
        base = f"http://127.0.0.1:{port}"
        for page_type, _language, path in targets:
            # Visitors meet a warm server: the page cache filled, each worker's first request done.
            for _attempt in range(args.workers + 1):
                status = fetch_status(base + path)
            expected = 404 if page_type == NOT_FOUND_TYPE else 200
            if status != expected:
                sys.exit(f"{path} answered {status}, not {expected}")

        log(f"4/4 Lighthouse CI on {len(targets)} URLs (mobile)")
        groups = [
            (CONFIG, [t for t in targets if t[0] != NOT_FOUND_TYPE]),
            (NOT_FOUND_CONFIG, [t for t in targets if t[0] == NOT_FOUND_TYPE]),
        ]
        collected = False
        for config, group in groups:
            if not group:
                continue
            urls = [f"--url={base}{path}" for _type, _language, path in group]
            additive = ["--additive"] if collected else []
            if lhci("collect", f"--config={config}", *additive, *urls, env=env):
                sys.exit("Lighthouse CI could not audit every URL (its messages above).")
            collected = True
        lhci("upload", f"--config={CONFIG}", env=env)
        passed = lhci("assert", f"--config={CONFIG}", env=env) == 0
    finally:
        if server is not None and server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(static_root, ignore_errors=True)

    passed &= write_summary(targets, base, unaudited, time.monotonic() - started)
    # A page type nobody audited could hide anything: in a full audit it fails too.
    if unaudited and not args.only:
        log("FAILED: page types not audited (no live, public page): " + ", ".join(unaudited))
        passed = False
    sys.exit(0 if passed else 1)


def write_summary(targets, base, unaudited, elapsed):
    """artifacts/lighthouse/summary.md: each URL's scores, and under each score that misses its
    threshold, the audits that Lighthouse failed in that category (details in the HTML report)."""
    assertions = json.loads(CONFIG.read_text())["ci"]["assert"]["assertions"]
    thresholds = {key.split(":")[1]: value[1]["minScore"] for key, value in assertions.items()}
    manifest = OUTPUT / "manifest.json"
    if not manifest.exists():
        log(f"FAILED: Lighthouse CI wrote no reports ({manifest.relative_to(ROOT)})")
        return False
    reports = {entry["url"]: entry for entry in json.loads(manifest.read_text())}
    lines = [
        "| page type | lang | URL | " + " | ".join(thresholds) + " |",
        "| --- | --- | --- |" + " ---: |" * len(thresholds),
    ]
    failures = []
    errored = set()
    for page_type, language, path in targets:
        entry = reports.get(base + path)
        if entry is None:
            failures.append(f"{page_type} ({language}) {path}: no report")
            continue
        lhr = json.loads(Path(entry["jsonPath"]).read_text())
        errored |= {a["id"] for a in lhr["audits"].values() if a["scoreDisplayMode"] == "error"}
        cells = []
        for category_id, threshold in thresholds.items():
            score = lhr["categories"][category_id]["score"]
            shown = "-" if score is None else str(round(score * 100))
            if score is None or score < threshold:
                cells.append(f"**{shown}**")
                failures.append(
                    f"{page_type} ({language}) {path}: {category_id} {shown} "
                    f"(threshold {round(threshold * 100)}), report "
                    f"{Path(entry['htmlPath']).relative_to(ROOT)}"
                )
                failures.extend(failing_audits(lhr, category_id))
                # E.g. "The tested device appears to have a slower CPU than Lighthouse expects".
                failures.extend(
                    f"  ! {' '.join(str(w).split())}" for w in lhr.get("runWarnings", [])
                )
            else:
                cells.append(shown)
        lines.append(f"| {page_type} | {language} | {path} | " + " | ".join(cells) + " |")
    if unaudited:
        lines += ["", "No live, public page, so not audited: " + ", ".join(unaudited)]
    if errored:
        # E.g. what Lighthouse 12.2.3 cannot read in a newer Chromium's trace. An audit that
        # weighs in a score and errs leaves its category without a score, which fails.
        lines += [
            "",
            "Audits Lighthouse could not run (no weight in any score): "
            + ", ".join(sorted(errored)),
        ]
    lines += ["", *failures, "", f"Took {elapsed:.0f} s."]
    text = "\n".join(lines) + "\n"
    (OUTPUT / "summary.md").write_text(text)
    print("\n" + text)
    return not failures


def failing_audits(lhr, category_id):
    """The audits that the report shows as failed in a category, heaviest first (those that
    could not run are listed once, above)."""
    refs = sorted(lhr["categories"][category_id]["auditRefs"], key=lambda ref: -ref["weight"])
    lines = []
    for ref in refs:
        audit = lhr["audits"][ref["id"]]
        score, mode = audit.get("score"), audit.get("scoreDisplayMode")
        if (
            mode in {"binary", "numeric", "metricSavings"}
            and score is not None
            and score < PASS_SCORE
        ):
            shown = round(score * 100)
            value = f": {audit['displayValue']}" if audit.get("displayValue") else ""
            lines.append(f"  - `{audit['id']}` {audit['title']} (score {shown}){value}")
    return lines


if __name__ == "__main__":
    main()
