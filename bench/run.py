"""`make bench`: a large site on PostgreSQL, served by gunicorn with the production settings,
loaded by wrk from a second process. Prints requests per second and p50/p99 latency for a static
file, each public page type uncached and each page type from the full-page cache, each as a ratio
to the static file, and writes the results as Markdown and JSON.

Then the site search: the site grown to 5,000 pages and 500 PDF files of 20 pages each
(bench/search_site.py), the index rebuilt, and realistic searches in both languages (common and
rare words, two words, a phrase, an unaccented word, words only in the files, a typo, a word that
is nowhere) sent one at a time, round after round, to the uncached server: p50/p99 latency per
search and over all of them (targets: 100 ms and 300 ms), then all of them mixed under wrk's load
for throughput. `--skip-search` leaves it out; `--search-only` leaves out the pages' runs."""

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(command, env):
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode:
        sys.exit(f"failed: {' '.join(command)}\n{result.stdout}\n{result.stderr}")
    return result.stdout


def recreate_database(url):
    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def redis_available():
    try:
        import redis

        return redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except Exception:  # noqa: BLE001
        return False


def start_server(env, port, page_cache, workers):
    server_env = env | {"PAGE_CACHE_ENABLED": "true" if page_cache else "false"}
    command = [
        str(Path(PYTHON).parent / "gunicorn"),
        "quito_portal.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=server_env)  # noqa: S603
    for _attempt in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as response:  # noqa: S310
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    sys.exit(f"gunicorn on port {port} did not answer /healthz")


def wrk(url, duration, connections, threads, script=None):
    # Warm the per-process caches (and the page cache) first.
    for _attempt in range(20):
        urllib.request.urlopen(url, timeout=10).read()  # noqa: S310
    output = subprocess.run(  # noqa: S603
        [
            shutil.which("wrk"),
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            *(["-s", str(script)] if script else []),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {
        percentile: float(value) * UNITS[unit]
        for percentile, value, unit in re.findall(
            r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", output, re.M
        )
    }
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": rps,
        "p50_ms": latency["50"],
        "p99_ms": latency["99"],
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


# (language, query): what visitors type, in both languages.
SEARCHES = [
    ("es", "migrantes"),
    ("es", "educación"),
    ("es", "salud Perú"),
    ("es", '"reunificación familiar"'),
    ("es", "documentacion"),
    ("es", "anexo estadístico"),
    ("es", "Colombai"),
    ("es", "xilófono"),
    ("en", "refugees"),
    ("en", "education"),
    ("en", "health Peru"),
    ("en", '"family reunification"'),
    ("en", "statistical annex"),
    ("en", "Colombai"),
    ("en", "xylophone"),
]
SEARCH_PATHS = {"es": "/es/buscar/", "en": "/en/search/"}
COUNT_LINE = re.compile(r'id="results-heading"[^>]*>\s*([\d.,\u00a0 ]+)')


def search_path(language, query):
    return f"{SEARCH_PATHS[language]}?{urllib.parse.urlencode({'q': query})}"


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def sample_searches(port, rounds):
    """Each search `rounds` times, one request at a time on a kept-alive connection, the searches
    taking turns: latency per search (ms), and the number of results each page reports."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    timings = {search: [] for search in SEARCHES}
    counts = {}
    for warm in range(rounds + 3):
        for language, query in SEARCHES:
            started = time.perf_counter()
            connection.request("GET", search_path(language, query))
            response = connection.getresponse()
            body = response.read().decode()
            elapsed = (time.perf_counter() - started) * 1000
            if response.status != 200:
                sys.exit(f"search {query!r} ({language}) answered {response.status}")
            if warm >= 3:  # the first rounds warm the workers
                timings[(language, query)].append(elapsed)
            found = COUNT_LINE.search(body)
            counts[(language, query)] = int(re.sub(r"\D", "", found.group(1))) if found else 0
    connection.close()
    return timings, counts


def mixed_searches_under_load(port, duration, connections, threads):
    """wrk over every search in turn (a Lua script), for throughput and latency under load."""
    paths = ", ".join(f'"{search_path(language, query)}"' for language, query in SEARCHES)
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(
        f"paths = {{{paths}}}\ncounter = 0\n"
        "request = function()\n  counter = counter + 1\n"
        "  return wrk.format('GET', paths[(counter % #paths) + 1])\nend\n"
    )
    try:
        return wrk(
            f"http://127.0.0.1:{port}{SEARCH_PATHS['es']}",
            duration,
            connections,
            threads,
            script=script,
        )
    finally:
        script.unlink()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/quito_portal_bench"
        ),
    )
    parser.add_argument("--duration", type=int, default=5, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--output", default=str(ROOT / "bench" / "results"))
    parser.add_argument(
        "--port", type=int, default=8101, help="the cached server's port (the next: uncached)"
    )
    parser.add_argument(
        "--skip-search", action="store_true", help="leave out the site search's benchmark"
    )
    parser.add_argument(
        "--search-only", action="store_true", help="measure the site search only, not the pages"
    )
    parser.add_argument(
        "--search-rounds", type=int, default=40, help="times each search is sent, one at a time"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk (make bench does it)")

    static_root = Path(tempfile.mkdtemp(prefix="bench-static-"))
    env = os.environ | {
        "DATABASE_URL": args.database_url,
        "DJANGO_SETTINGS_MODULE": "quito_portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(static_root / "media"),
        "DATABASE_CONN_MAX_AGE": "600",
        "PYTHONPATH": str(ROOT),
    }
    if redis_available():
        env["REDIS_URL"] = "redis://127.0.0.1:6379/14"
        import redis

        redis.Redis(host="127.0.0.1", port=6379, db=14).flushdb()
    else:
        env.pop("REDIS_URL", None)

    steps = 5 if args.skip_search else 7
    log(f"1/{steps} database {args.database_url}: recreated, migrated")
    recreate_database(args.database_url)
    run([PYTHON, "manage.py", "migrate", "--noinput"], env)
    run([PYTHON, "manage.py", "createcachetable"], env)
    run([PYTHON, "manage.py", "compile_catalogs"], env)
    log(f"2/{steps} static files collected (hashed and compressed)")
    run([PYTHON, "manage.py", "collectstatic", "--noinput"], env)
    log(f"3/{steps} demo content, grown to a large site")
    run([PYTHON, "manage.py", "load_demo_content"], env)
    site = json.loads(run([PYTHON, "bench/build_site.py"], env).strip().splitlines()[-1])
    log(
        f"    {site['pages']} pages, {site['member_states']} member states, {site['organizations']} organizations"
    )

    manifest = json.loads((static_root / "staticfiles.json").read_text())
    static_path = "/static/" + manifest["paths"]["css/site.css"]

    log(
        f"4/{steps} gunicorn ({args.workers} workers, production settings, cache: {'Redis' if 'REDIS_URL' in env else 'database'})"
    )
    cached_port, uncached_port = args.port, args.port + 1
    cached = start_server(env, cached_port, page_cache=True, workers=args.workers)
    uncached = start_server(env, uncached_port, page_cache=False, workers=args.workers)
    results = []
    search = None
    try:
        targets = [
            ("static file (whitenoise)", "static", f"http://127.0.0.1:{cached_port}{static_path}")
        ]
        if not args.search_only:
            for name, path in site["urls"].items():
                targets.append((name, "uncached", f"http://127.0.0.1:{uncached_port}{path}"))
            for name, path in site["urls"].items():
                targets.append((name, "cached", f"http://127.0.0.1:{cached_port}{path}"))
        log(
            f"5/{steps} wrk: {len(targets)} measurements of {args.duration}s, {args.connections} connections"
        )
        for number, (name, kind, url) in enumerate(targets, start=1):
            result = wrk(url, args.duration, args.connections, args.threads)
            results.append({"page": name, "kind": kind, "url": url} | result)
            log(
                f"    [{number}/{len(targets)}] {kind:8} {name:28} {result['rps']:9.1f} req/s  p99 {result['p99_ms']:.1f} ms"
            )
        if not args.skip_search:
            search = search_benchmark(args, env, steps, uncached_port)
    finally:
        for process in (cached, uncached):
            process.terminate()
            process.wait(timeout=10)
        shutil.rmtree(static_root, ignore_errors=True)

    static_rps = results[0]["rps"]
    for result in results:
        result["ratio_to_static"] = result["rps"] / static_rps
    summary = {}
    if not args.search_only:
        summary = {
            "cached_min_ratio": min(r["ratio_to_static"] for r in results if r["kind"] == "cached"),
            "uncached_min_ratio": min(
                r["ratio_to_static"] for r in results if r["kind"] == "uncached"
            ),
            "cached_max_p99_ms": max(r["p99_ms"] for r in results if r["kind"] == "cached"),
        }
    report = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "site": {k: site[k] for k in ("pages", "member_states", "organizations")},
        "settings": {
            "duration_s": args.duration,
            "connections": args.connections,
            "wrk_threads": args.threads,
            "gunicorn_workers": args.workers,
            "cpus": os.cpu_count(),
            "cache": "redis" if "REDIS_URL" in env else "database",
        },
        "results": results,
        "summary": summary,
        "search": search,
    }
    lines = [
        f"# Benchmark, {report['date']}",
        "",
        f"{site['pages']} pages ({site['member_states']} member states, {site['organizations']} organizations); "
        f"gunicorn {args.workers} workers, production settings; wrk {args.threads} threads, "
        f"{args.connections} connections, {args.duration} s each, on {os.cpu_count()} CPUs.",
        "",
        "| page | kind | req/s | ratio to static | p50 ms | p99 ms |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        lines.append(
            f"| {r['page']} | {r['kind']} | {r['rps']:.0f} | {r['ratio_to_static']:.0%} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} |"
        )
    if summary:
        lines += [
            "",
            f"- slowest cached page: {summary['cached_min_ratio']:.0%} of the static file's throughput (target 50%)",
            f"- slowest uncached page: {summary['uncached_min_ratio']:.0%} (target 5%)",
            f"- worst cached p99: {summary['cached_max_p99_ms']:.1f} ms at {args.connections} connections (target under 50 ms)",
        ]
    lines.append("")
    if search is not None:
        lines += search_lines(search, args)
    output = Path(args.output)
    output.mkdir(parents=True, exist_ok=True)
    (output / "latest.json").write_text(json.dumps(report, indent=2))
    (output / "latest.md").write_text("\n".join(lines))
    print("\n".join(lines))
    log(f"written {output / 'latest.md'} and {output / 'latest.json'}")


def search_benchmark(args, env, steps, port):
    """The site grown to the search size, then the searches timed (see the module's doc)."""
    log("6/7 site search: the site grown to 5,000 pages and 500 PDF files, index rebuilt")
    size = json.loads(
        run([PYTHON, "bench/build_site.py", "--search"], env).strip().splitlines()[-1]
    )
    log(
        f"    {size['pages']} pages, {size['pdf_files']} PDF files of {size['pdf_pages']} pages "
        f"({size['file_text_characters']} characters of text each); built in "
        f"{size['build_seconds']} s; {size['entries']} entries, {size['passages']} passages "
        f"indexed in {size['index_seconds']} s"
    )
    log(
        f"7/{steps} searches: {len(SEARCHES)} searches x {args.search_rounds} rounds, one at a "
        "time, then mixed under wrk"
    )
    timings, counts = sample_searches(port, args.search_rounds)
    every = [ms for values in timings.values() for ms in values]
    searches = []
    for (language, query), values in timings.items():
        searches.append(
            {
                "language": language,
                "query": query,
                "results": counts[(language, query)],
                "p50_ms": statistics.median(values),
                "p99_ms": percentile(values, 0.99),
                "max_ms": max(values),
            }
        )
        log(
            f"    {language} {query:26} {counts[(language, query)]:5} results  "
            f"p50 {statistics.median(values):6.1f} ms  p99 {percentile(values, 0.99):6.1f} ms"
        )
    under_load = mixed_searches_under_load(port, args.duration, args.connections, args.threads)
    overall = {
        "requests": len(every),
        "p50_ms": statistics.median(every),
        "p99_ms": percentile(every, 0.99),
        "max_ms": max(every),
    }
    log(f"    all searches: p50 {overall['p50_ms']:.1f} ms, p99 {overall['p99_ms']:.1f} ms")
    return {"size": size, "searches": searches, "overall": overall, "under_load": under_load}


def search_lines(search, args):
    size, overall, load = search["size"], search["overall"], search["under_load"]
    lines = [
        "## Site search",
        "",
        f"{size['pages']} pages and {size['pdf_files']} PDF files of {size['pdf_pages']} pages "
        f"({size['file_text_characters']:,} characters of text each), {size['entries']:,} index "
        f"entries and {size['passages']:,} passages; `update_index --only-site-search` took "
        f"{size['index_seconds']} s. Each search sent {args.search_rounds} times, one request "
        "at a time (the searches taking turns), to gunicorn with the production settings.",
        "",
        "| language | search | results | p50 ms | p99 ms |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for row in search["searches"]:
        query = row["query"].replace("|", "\\|")
        lines.append(
            f"| {row['language']} | `{query}` | {row['results']} | {row['p50_ms']:.1f} | {row['p99_ms']:.1f} |"
        )
    lines += [
        "",
        f"- all searches: p50 {overall['p50_ms']:.1f} ms (target under 100 ms), p99 "
        f"{overall['p99_ms']:.1f} ms (target under 300 ms), slowest {overall['max_ms']:.1f} ms, "
        f"over {overall['requests']} requests",
        f"- mixed under wrk ({args.connections} connections, {args.workers} workers): "
        f"{load['rps']:.0f} searches/s, p50 {load['p50_ms']:.1f} ms, p99 {load['p99_ms']:.1f} ms "
        "(waiting for a worker included)",
        "",
    ]
    return lines


if __name__ == "__main__":
    main()
