"""`make audit`: Lighthouse (mobile) over every public page type in both languages, served by
gunicorn with the production settings.

Builds (or reuses) a PostgreSQL database of its own (`quito_portal_audit`, AUDIT_DATABASE_URL to
change it): migrate, demo content if it has no home page, static files collected into a temporary
STATIC_ROOT (hashed and compressed, served by whitenoise). Finds one live, public page of every
concrete page model in the database, plus the 404 page, takes each one's URL in every language,
audits each URL with Lighthouse, and writes the scores and the JSON reports to
artifacts/lighthouse/. Exits non-zero when a score is under its threshold (performance 95,
accessibility, best practices and SEO 100), after listing every failing audit with the elements
and resources Lighthouse names.

    .venv/bin/python scripts/lighthouse_audit.py [--only HomePage,404] [--languages es]
                                                 [--recreate-database]

Needs Lighthouse in .audit/ (`make audit` installs it) and Chromium (CHROME_PATH, else
/usr/bin/chromium). The server on a free loopback port is stopped at the end in every case.
"""

import argparse
import json
import os
import queue
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The benchmark already starts gunicorn with the production settings and runs manage.py commands.
from bench.run import PYTHON, run, start_server  # noqa: E402

LIGHTHOUSE = ROOT / ".audit" / "node_modules" / "lighthouse" / "cli" / "bin.js"
# Lighthouse's command line over every URL in one Node process (see the file).
LIGHTHOUSE_BATCH = ROOT / "scripts" / "lighthouse_batch.mjs"
OUTPUT = ROOT / "artifacts" / "lighthouse"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
CATEGORIES = {
    "performance": ("Performance", 95),
    "accessibility": ("Accessibility", 100),
    "best-practices": ("Best practices", 100),
    "seo": ("SEO", 100),
}
# What the 404 page answers is right by design: Lighthouse is told to go on despite the status
# (--ignore-status-code), SEO's "Page has successful HTTP status code" is left out for it, and
# the console error that the status itself causes ("Failed to load resource: ... 404" for the
# document's own URL) is waived; any other console error on it still fails.
NOT_FOUND_SKIPPED_AUDITS = ["http-status-code"]
NOT_FOUND_TYPE = "404"
# Lighthouse's own line between a passed audit and a failed one (the report's green).
PASS_SCORE = 0.9
RUN_TIMEOUT = 180
ATTEMPTS = 3

# Run by `manage.py`'s Python with the audit's environment (production settings): the pages to
# audit, as JSON. One page of each type, the first in the tree; the 404 page is a missing path.
LIST_PAGES = """
import json
import django
django.setup()
from urllib.parse import urlsplit
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page, get_page_models
from core.i18n.launch import public_language_codes

pages = []
unaudited = []
for model in get_page_models():
    if model is Page:  # Wagtail's root: not a page type of the site
        continue
    page = model.objects.live().public().exact_type(model).order_by("path").first()
    if page is None:
        unaudited.append(model.__name__)
        continue
    urls = {}
    for code in public_language_codes():  # a language in preparation answers 404
        with translation.override(code):
            url = page.specific.get_url()
        if url:
            urls[code] = urlsplit(url).path
    if urls:
        pages.append({"type": model.__name__, "title": page.title, "urls": urls})
    else:
        unaudited.append(model.__name__)
missing = {}
for code in public_language_codes():
    with translation.override(code):
        missing[code] = reverse("wagtail_serve", args=["lighthouse-no-such-page/"])
pages.append({"type": "404", "title": "Page not found", "urls": missing})
print(json.dumps({"pages": pages, "unaudited": unaudited}))
"""


def log(message):
    print(f"[audit {time.strftime('%H:%M:%S')}] {message}", flush=True)


def ensure_database(url, recreate=False):
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        if recreate:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not found:
            admin.execute(f'CREATE DATABASE "{name}"')
            return True
    return False


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


def lighthouse_arguments():
    return [
        "--form-factor=mobile",
        "--only-categories=" + ",".join(CATEGORIES),
        "--output=json",
        f"--chrome-flags={CHROME_FLAGS}",
        # The screenshot of the whole page only illustrates the HTML report (no score uses it):
        # a second per URL, and most of each JSON report's size.
        "--disable-full-page-screenshot",
        "--quiet",
    ]


def job_arguments(not_found):
    if not not_found:
        return []
    return ["--ignore-status-code", "--skip-audits=" + ",".join(NOT_FOUND_SKIPPED_AUDITS)]


def lighthouse_batch(jobs, finished):
    """Runs Lighthouse on each job ({"url", "output", "args"}) in one Node process, one URL
    after another; `finished(job, status)` as each ends. When Lighthouse stops, or gives nothing
    for RUN_TIMEOUT seconds, the jobs left are finished with that as their status."""
    env = os.environ | {"CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    with (
        tempfile.NamedTemporaryFile("w", suffix=".json") as jobs_file,
        tempfile.TemporaryFile("w+") as errors,
    ):
        json.dump([{key: job[key] for key in ("url", "output", "args")} for job in jobs], jobs_file)
        jobs_file.flush()
        process = subprocess.Popen(  # noqa: S603
            [shutil.which("node") or "node", str(LIGHTHOUSE_BATCH), jobs_file.name]
            + lighthouse_arguments(),
            env=env,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
        lines = queue.Queue()
        threading.Thread(
            target=lambda: [lines.put(line) for line in process.stdout] + [lines.put("")],
            daemon=True,
        ).start()
        left = set(range(len(jobs)))
        try:
            while left:
                try:
                    line = lines.get(timeout=RUN_TIMEOUT)
                except queue.Empty:
                    problem = f"Lighthouse gave no report in {RUN_TIMEOUT} s"
                    break
                if not line:
                    errors.seek(0)
                    problem = "Lighthouse stopped: " + " ".join(errors.read().split())[-2000:]
                    break
                done = json.loads(line)
                left.discard(done["index"])
                finished(jobs[done["index"]], done["status"])
        finally:
            # Chromium runs in a process group of its own: only Lighthouse's SIGINT handler
            # (chrome-launcher's) stops it, so never SIGKILL Lighthouse first.
            if process.poll() is None and left:
                process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for index in sorted(left):
            finished(jobs[index], problem)


def read_report(job, status):
    """The report, what went wrong if anything (None when it is complete), and on the 404 page
    what was waived."""
    path = Path(job["output"])
    if not path.exists():
        return None, f"no report ({status})", None
    try:
        report = json.loads(path.read_text())
    except json.JSONDecodeError as error:
        return None, f"unreadable report: {error}", None
    error = (report.get("runtimeError") or {}).get("message")
    if not error and any(
        (report["categories"].get(category_id) or {}).get("score") is None
        for category_id in CATEGORIES
    ):
        error = "a category has no score"
    if not error and status != "ok":
        error = status
    waiver = None
    if not error and job["type"] == NOT_FOUND_TYPE:
        waiver = waive_own_404(report)
    return report, error, waiver


def waive_own_404(report):
    """On the 404 page, drop the console error for the document's own 404 and score again."""
    audit = report["audits"].get("errors-in-console")
    if not audit or audit.get("score") != 0 or not audit.get("details"):
        return None
    own_url = report.get("finalDisplayedUrl") or report.get("requestedUrl")
    items = audit["details"].get("items", [])
    rest = [
        item
        for item in items
        if not (
            item.get("source") == "network"
            and (item.get("sourceLocation") or {}).get("url") == own_url
            and "status of 404" in (item.get("description") or "")
        )
    ]
    if len(rest) == len(items):
        return None
    audit["details"]["items"] = rest
    if rest:
        return None
    audit["score"] = 1
    rescored = []
    for category in report["categories"].values():
        refs = [ref for ref in category["auditRefs"] if ref.get("weight", 0) > 0]
        if any(ref["id"] == audit["id"] for ref in refs):
            scores = [(report["audits"][ref["id"]].get("score"), ref["weight"]) for ref in refs]
            if all(score is not None for score, _weight in scores):
                total = sum(weight for _score, weight in scores)
                before = category["score"]
                category["score"] = round(sum(s * w for s, w in scores) / total, 2)
                rescored.append(
                    f"{category['title']} {round(before * 100)} in the report, "
                    f"{round(category['score'] * 100)} without it"
                )
    return (
        "the console error for the document's own 404 status waived (`errors-in-console`): "
        + "; ".join(rescored)
    )


# Formatting a report's details -------------------------------------------------------------


def kib(value):
    return f"{value / 1024:.1f} KiB"


def format_value(value, value_type):
    if value is None or value == "":
        return None
    if isinstance(value, dict):
        kind = value.get("type")
        if kind == "node":
            parts = [value.get("selector") or value.get("path") or "?"]
            if value.get("snippet"):
                parts.append(f"`{value['snippet']}`")
            if value.get("nodeLabel") and value.get("nodeLabel") != value.get("snippet"):
                parts.append(f"({value['nodeLabel'][:80]})")
            if value.get("explanation"):
                parts.append("-- " + " ".join(value["explanation"].split()))
            return " ".join(parts)
        if kind == "source-location":
            return f"{value.get('url')}:{value.get('line', 0) + 1}:{value.get('column', 0) + 1}"
        if kind in {"url", "code", "text"}:
            return str(value.get("value"))
        if kind == "numeric":
            return format_value(value.get("value"), value.get("granularity") and "numeric")
        if kind == "link":
            return f"{value.get('text')} <{value.get('url')}>"
        if kind == "subitems":
            return None
        return json.dumps(value)[:300]
    if value_type == "bytes" and isinstance(value, int | float):
        return kib(value)
    if value_type in {"ms", "timespanMs"} and isinstance(value, int | float):
        return f"{value:.0f} ms"
    if value_type == "numeric" and isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def format_item(item, headings):
    fields = []
    for heading in headings:
        key = heading.get("key")
        if not key or key not in item:
            continue
        text = format_value(item[key], heading.get("valueType"))
        if text is None:
            continue
        label = heading.get("label") or key
        if isinstance(label, dict):
            label = key
        fields.append(f"{label}: {text}")
    # Keys the headings do not name (e.g. an element's explanation) still matter.
    for key in ("node", "url", "source", "description", "failureReason", "reason"):
        if key in item and all(h.get("key") != key for h in headings):
            text = format_value(item[key], None)
            if text:
                fields.append(f"{key}: {text}")
    lines = ["; ".join(fields) if fields else json.dumps(item)[:300]]
    sub = item.get("subItems")
    if isinstance(sub, dict) and sub.get("items"):
        sub_headings = [
            {
                "key": h["subItemsHeading"].get("key"),
                "valueType": h["subItemsHeading"].get("valueType") or h.get("valueType"),
                "label": h.get("label"),
            }
            for h in headings
            if isinstance(h.get("subItemsHeading"), dict)
        ]
        for sub_item in sub["items"]:
            lines.append("    - " + format_item(sub_item, sub_headings)[0])
    return lines


def format_details(details, depth=0):
    """Every element, resource or timing a report's `details` names, one line each."""
    if not isinstance(details, dict):
        return []
    kind = details.get("type")
    lines = []
    if kind == "list":
        for sub in details.get("items", []):
            lines.extend(format_details(sub, depth))
        return lines
    if kind in {"table", "opportunity"}:
        headings = details.get("headings", [])
        for item in details.get("items", []):
            lines.extend(format_item(item, headings))
        if kind == "opportunity" and details.get("overallSavingsMs"):
            lines.append(f"overall savings: {details['overallSavingsMs']:.0f} ms")
        return lines
    if kind == "checklist":
        for key, entry in details.get("items", {}).items():
            if not entry.get("value"):
                lines.append(f"{key}: {entry.get('label')}")
        return lines
    if kind in {"node", "source-location", "url", "text", "code"}:
        return [format_value(details, None)]
    if kind == "debugdata" or kind in {
        "screenshot",
        "filmstrip",
        "treemap-data",
        "criticalrequestchain",
    }:
        if kind == "criticalrequestchain":
            return format_chains(details.get("chains", {}))
        return []
    return []


def format_chains(chains, depth=0):
    lines = []
    for chain in chains.values():
        request = chain.get("request", {})
        lines.append(
            "  " * depth + f"{request.get('url')} ({kib(request.get('transferSize', 0))}, "
            f"{(request.get('endTime', 0) - request.get('startTime', 0)) * 1000:.0f} ms)"
        )
        lines.extend(format_chains(chain.get("children", {}), depth + 1))
    return lines


def failing_audits(report, category_id):
    """The audits of a category that Lighthouse's report shows as failed, heaviest first."""
    category = report["categories"][category_id]
    found = []
    for ref in category["auditRefs"]:
        audit = report["audits"].get(ref["id"])
        if audit is None:
            continue
        mode = audit.get("scoreDisplayMode")
        if mode == "error" or (
            mode in {"binary", "numeric", "metricSavings"}
            and audit.get("score") is not None
            and audit["score"] < PASS_SCORE
        ):
            found.append((ref, audit))
    return sorted(found, key=lambda pair: -pair[0].get("weight", 0))


def describe_failures(report, category_id):
    lines = []
    if category_id == "performance":
        metrics = [
            ref
            for ref in report["categories"]["performance"]["auditRefs"]
            if ref.get("group") == "metrics"
        ]
        values = []
        for ref in metrics:
            audit = report["audits"].get(ref["id"], {})
            score = audit.get("score")
            score_text = "-" if score is None else f"{score * 100:.0f}"
            values.append(
                f"{audit.get('title', ref['id'])} {audit.get('displayValue', '?')} "
                f"(score {score_text}, weight {ref.get('weight', 0):g})"
            )
        lines.append("  metrics: " + "; ".join(values))
    failures = failing_audits(report, category_id)
    if not failures:
        lines.append("  (no single audit below Lighthouse's pass line: the metrics above)")
    for ref, audit in failures:
        score = audit.get("score")
        score_text = "error" if score is None else f"{score * 100:.0f}"
        head = f"  - `{audit['id']}` {audit['title']} (score {score_text}, weight {ref.get('weight', 0):.2g})"
        if audit.get("displayValue"):
            head += f": {audit['displayValue']}"
        lines.append(head)
        if audit.get("description"):
            # Lighthouse's own explanation, its "Learn more" link kept as a plain URL.
            description = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"\1: \2", audit["description"])
            lines.append(f"      {' '.join(description.split())}")
        if audit.get("errorMessage"):
            lines.append(f"      error: {audit['errorMessage']}")
        if audit.get("explanation"):
            lines.append(f"      {' '.join(audit['explanation'].split())}")
        for warning in audit.get("warnings") or []:
            lines.append(f"      warning: {warning}")
        for detail in format_details(audit.get("details")):
            lines.append(f"      * {detail}")
    return lines


# The run -----------------------------------------------------------------------------------


def category_scores(report):
    scores = {}
    for category_id in CATEGORIES:
        score = ((report or {}).get("categories", {}).get(category_id) or {}).get("score")
        scores[category_id] = None if score is None else round(score * 100)
    return scores


def list_pages(env):
    return json.loads(run([PYTHON, "-c", LIST_PAGES], env).strip().splitlines()[-1])


def stop(process):
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def raise_on_signal(signum, _frame):
    raise SystemExit(128 + signum)


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
    parser.add_argument("--output", default=str(OUTPUT))
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed in .audit/: run `make audit`.")
    if not shutil.which("node"):
        sys.exit("make audit needs Node (18.16 or later).")
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    if not Path(chrome).exists():
        sys.exit(f"No Chromium at {chrome} (make install-browser, or set CHROME_PATH).")

    signal.signal(signal.SIGTERM, raise_on_signal)
    started = time.monotonic()
    output = Path(args.output)
    shutil.rmtree(output, ignore_errors=True)
    output.mkdir(parents=True)
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
    }
    # The database cache of production without Redis: the audit shares nothing with other runs.
    env.pop("REDIS_URL", None)

    server = None
    results = []
    try:
        created = ensure_database(args.database_url, recreate=args.recreate_database)
        log(f"1/4 database {args.database_url} ({'created' if created else 'kept'}), migrated")
        run([PYTHON, "manage.py", "migrate", "--noinput"], env)
        run([PYTHON, "manage.py", "createcachetable"], env)
        run([PYTHON, "manage.py", "load_demo_content", "--if-empty"], env)
        # Every language is audited, those in preparation too (launched in this database only).
        run([PYTHON, "manage.py", "site_languages", "--launch-all"], env)
        # Pages cached by an earlier run name static files that this run's collectstatic replaces.
        run([PYTHON, "manage.py", "clear_cache"], env)
        log("2/4 static files collected (hashed and compressed, served by whitenoise)")
        run([PYTHON, "manage.py", "collectstatic", "--noinput"], env)

        found = list_pages(env)
        pages, unaudited = found["pages"], found["unaudited"]
        if unaudited:
            log(f"    no live, public page (not audited): {', '.join(unaudited)}")
        if args.only:
            wanted = set(args.only.split(","))
            pages = [page for page in pages if page["type"] in wanted]
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
                raise RuntimeError(f"{path} answered {status}, not {expected}")

        jobs = [
            {
                "type": page_type,
                "language": language,
                "path": path,
                "url": base + path,
                "output": str(output / f"{page_type}-{language}.json"),
                "args": job_arguments(page_type == NOT_FOUND_TYPE),
            }
            for page_type, language, path in targets
        ]
        log(f"4/4 Lighthouse {len(jobs)} URLs (mobile)")
        outcomes = {}
        progress = {"done": 0, "since": time.monotonic()}

        def finished(job, status):
            report, error, waiver = read_report(job, status)
            outcomes[job["output"]] = (report, error, waiver)
            progress["done"] += 1
            now = time.monotonic()
            scores = category_scores(report if not error else None)
            shown = "  ".join(
                f"{key[:4]} {'-' if value is None else value:>3}" for key, value in scores.items()
            )
            log(
                f"    [{progress['done']}/{len(jobs)}] {job['type']:24} {job['language']}  "
                f"{shown}  ({now - progress['since']:.0f} s){'  ERROR ' + error if error else ''}"
            )
            progress["since"] = now

        lighthouse_batch(jobs, finished)
        # A run that Lighthouse itself gave up on (NO_NAVSTART, an occasional failure to record
        # the trace with this Chromium, about one URL in twenty) is run again, twice at most.
        for _attempt in range(ATTEMPTS - 1):
            again = [job for job in jobs if outcomes[job["output"]][1]]
            if not again:
                break
            log(f"    running {len(again)} URL(s) again")
            progress["done"] -= len(again)
            lighthouse_batch(again, finished)

        for job in jobs:
            report, error, waiver = outcomes[job["output"]]
            results.append(
                {
                    "type": job["type"],
                    "language": job["language"],
                    "path": job["path"],
                    "scores": category_scores(report if not error else None),
                    "error": error,
                    "waiver": waiver,
                    "report": report,
                    "report_path": Path(job["output"]),
                }
            )
    finally:
        stop(server)
        shutil.rmtree(static_root, ignore_errors=True)

    elapsed = time.monotonic() - started
    failed = write_summary(results, output, elapsed, unaudited)
    # A page type nobody audited could hide anything: in a full audit it fails too.
    if unaudited and not args.only:
        log("FAILED: page types not audited (no live, public page): " + ", ".join(unaudited))
        failed = True
    sys.exit(1 if failed else 0)


def shown_path(path):
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def write_summary(results, output, elapsed, unaudited):
    header = "| page type | lang | URL | " + " | ".join(name for name, _ in CATEGORIES.values())
    lines = [
        f"# Lighthouse audit, {time.strftime('%Y-%m-%d %H:%M')}",
        "",
        "Lighthouse 12.2.3, mobile (default emulation and simulated throttling), production "
        "settings under gunicorn (HTML uncompressed: compression is the proxy's job). "
        "Thresholds: "
        + ", ".join(f"{name} {threshold}" for name, threshold in CATEGORIES.values())
        + ". The 404 page is audited despite its status, without SEO's `http-status-code` "
        "and without the console error that its own status causes.",
        "",
        header + " |",
        "| --- | --- | --- |" + " ---: |" * len(CATEGORIES),
    ]
    failures = []
    for result in results:
        cells = []
        below = []
        for category_id, (_name, threshold) in CATEGORIES.items():
            score = result["scores"][category_id]
            if score is None or score < threshold:
                below.append(category_id)
                cells.append(f"**{'-' if score is None else score}**")
            else:
                cells.append(str(score))
        lines.append(
            f"| {result['type']} | {result['language']} | {result['path']} | "
            + " | ".join(cells)
            + " |"
        )
        if below or result["error"]:
            failures.append((result, below))
    lines.append("")
    if unaudited:
        lines += [
            "Page types with no live, public page in the database, so not audited: "
            + ", ".join(unaudited)
            + " (`--recreate-database` loads the demo content afresh).",
            "",
        ]
    for result in results:
        if result["waiver"]:
            lines.append(f"- {result['type']} ({result['language']}): {result['waiver']}")
    if any(result["waiver"] for result in results):
        lines.append("")
    # Audits that Lighthouse could not run on a report that is otherwise complete (e.g. what
    # Lighthouse 12.2.3 cannot read in a newer Chromium's trace): none of them weighs in a score,
    # or the category would have no score and the URL would fail, but they say nothing either.
    errored = {}
    for result in results:
        if result["report"] and not result["error"]:
            for audit in result["report"]["audits"].values():
                if audit.get("scoreDisplayMode") == "error":
                    message = " ".join((audit.get("errorMessage") or "").split())
                    errored.setdefault((audit["id"], message), []).append(result)
    if errored:
        lines += ["Audits Lighthouse could not run (no weight in any score, so not checked):", ""]
        for (audit_id, message), where in sorted(errored.items()):
            count = "every URL" if len(where) == len(results) else f"{len(where)} URLs"
            lines.append(f"- `{audit_id}` ({count}): {message}")
        lines.append("")
    if not failures:
        lines.append(f"Every URL meets every threshold ({len(results)} URLs).")
    else:
        lines += [f"## Failures ({len(failures)} of {len(results)} URLs)", ""]
    for result, below in failures:
        lines.append(f"### {result['type']} ({result['language']}) {result['path']}")
        lines.append("")
        if result["report_path"].exists():
            lines.append(f"Report: {shown_path(result['report_path'])}")
        if result["error"]:
            lines.append(f"Lighthouse error: {result['error']}")
        report = result["report"]
        for warning in (report or {}).get("runWarnings", []):
            lines.append(f"Run warning: {' '.join(str(warning).split())}")
        for category_id in below:
            name, threshold = CATEGORIES[category_id]
            score = result["scores"][category_id]
            lines.append("")
            lines.append(f"{name}: {'-' if score is None else score} (threshold {threshold})")
            if report and not result["error"] and category_id in report["categories"]:
                lines.extend(describe_failures(report, category_id))
        lines.append("")
    lines.append(f"Took {elapsed:.0f} s. Reports: {shown_path(output)}/<type>-<lang>.json")
    text = "\n".join(lines) + "\n"
    (output / "summary.md").write_text(text)
    print()
    print(text)
    return bool(failures) or not results


if __name__ == "__main__":
    main()
