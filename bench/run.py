"""`make bench`: the site on PostgreSQL, served by gunicorn with the production settings, loaded
by wrk from a second process, at two sizes: the demo grown to 500 pages, then to 5,000 (news,
publications and 500 PDF files of 20 pages each: bench/search_site.py).

At each size: a static file, one page of every public page type uncached (the full-page cache off;
process memo on, as in production) and from the page cache, each as requests per second, p50/p99
latency and a ratio to the static file of the same run and size; CPU time and queries per render
of each page type in one process (bench/profile_renders.py). At 500 pages, the "through nginx"
rows (deploy/nginx.conf via deploy/loopback.py, when nginx is installed). After each size, each
gunicorn worker's resident memory. Then the site search on the 5,000-page site: realistic searches
in both languages sent one at a time, round after round (p50/p99 per search and over all; targets
100 ms and 300 ms), then mixed under wrk's load. The table ends with each target, met or missed.

`--skip-growth` measures the 500-page site only; `--skip-search` leaves out the searches."""

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import ssl
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
sys.path.insert(0, str(ROOT))  # bench and deploy.loopback, run as a script

from bench import defaults  # noqa: E402

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
    # Warm the per-process caches (and the page cache) first. nginx's certificate in the
    # "through nginx" row is self-signed.
    context = ssl._create_unverified_context() if url.startswith("https:") else None  # noqa: S323
    for _attempt in range(20):
        urllib.request.urlopen(url, timeout=10, context=context).read()  # noqa: S310
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


def worker_memory_mb(master):
    """Resident memory (MB) of each worker of a gunicorn master process."""
    sizes = []
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children")
    for pid in children.read_text().split() if children.exists() else []:
        status = Path(f"/proc/{pid}/status")
        if status.exists():
            found = re.search(r"^VmRSS:\s+(\d+) kB", status.read_text(), re.M)
            if found:
                sizes.append(int(found.group(1)) / 1024)
    return sizes


def through_nginx(args, env, static_root, cached_port, uncached_port, urls, static_path):
    """The "through nginx" rows: deploy/nginx.conf (deploy/loopback.py) with TLS in front of the
    cached server and, in a second instance, of the uncached one; the static file from disk."""
    from deploy import loopback as proxy

    if proxy.nginx_binary() is None:
        log("nginx is not installed (apt-get install nginx-light): no 'through nginx' rows")
        return None
    workdir = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
    certificate, key = proxy.self_signed_certificate(workdir)
    fronts = []
    try:
        for name, port in (("cached", cached_port), ("uncached", uncached_port)):
            https_port, http_port = proxy.free_ports(2)
            fronts.append(
                proxy.Nginx(
                    workdir / name,
                    upstreams=[f"127.0.0.1:{port}"],
                    https_port=https_port,
                    http_port=http_port,
                    static_root=static_root,
                    media_root=static_root / "media",
                    certificate=certificate,
                    key=key,
                ).start()
            )
        cached, uncached = (f"https://localhost:{front.https_port}" for front in fronts)
        targets = [
            ("static file (nginx, from disk)", f"{cached}{static_path}"),
            ("home, cached", f"{cached}{urls['home']}"),
            ("member state, cached", f"{cached}{urls['member state']}"),
            ("home, uncached", f"{uncached}{urls['home']}"),
            ("member state, uncached", f"{uncached}{urls['member state']}"),
        ]
        log(f"through nginx: {len(targets)} measurements")
        rows = []
        for name, url in targets:
            result = wrk(url, args.duration, args.connections, args.threads)
            rows.append({"page": name, "url": url} | result)
            log(f"    {name:32} {result['rps']:9.1f} req/s  p99 {result['p99_ms']:.1f} ms")
        brotli = " and brotli" if fronts[0].brotli else ""
        return {"description": f"TLS, gzip{brotli}, {fronts[0].workers} workers", "rows": rows}
    finally:
        for front in fronts:
            front.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def render_figures(env, renders):
    """CPU ms and queries per render of each page type, in one process (profile_renders.py)."""
    output = run(
        [PYTHON, "bench/profile_renders.py", "--json", "--renders", str(renders)],
        env | {"PAGE_CACHE_ENABLED": "false"},
    )
    return json.loads(output.strip().splitlines()[-1])


def measure_pages(args, urls, cached_port, uncached_port, static_path, size):
    """The static file, each page uncached, the static file again, each page from the page
    cache, the static file a third time; every ratio is to the median of the three static
    measurements of this same run (one measurement alone moves with the machine)."""
    static = ("static file (whitenoise)", "static", f"http://127.0.0.1:{cached_port}{static_path}")
    targets = [static]
    for name, path in urls.items():
        targets.append((name, "uncached", f"http://127.0.0.1:{uncached_port}{path}"))
    targets.append(static)
    for name, path in urls.items():
        targets.append((name, "cached", f"http://127.0.0.1:{cached_port}{path}"))
    targets.append(static)
    results = []
    for number, (name, kind, url) in enumerate(targets, start=1):
        result = wrk(url, args.duration, args.connections, args.threads)
        results.append({"size": size, "page": name, "kind": kind, "url": url} | result)
        log(
            f"    [{number}/{len(targets)}] {kind:8} {name:28} {result['rps']:9.1f} req/s  p99 {result['p99_ms']:.1f} ms"
        )
    static_rps = statistics.median(r["rps"] for r in results if r["kind"] == "static")
    for result in results:
        result["ratio_to_static"] = result["rps"] / static_rps
    return results


def summary_of(results):
    return {
        "static_rps": statistics.median(r["rps"] for r in results if r["kind"] == "static"),
        "cached_min_ratio": min(r["ratio_to_static"] for r in results if r["kind"] == "cached"),
        "uncached_min_ratio": min(r["ratio_to_static"] for r in results if r["kind"] == "uncached"),
        "cached_max_p99_ms": max(r["p99_ms"] for r in results if r["kind"] == "cached"),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=defaults.DATABASE_URL)
    parser.add_argument("--duration", type=int, default=5, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--renders", type=int, default=15, help="renders per page when profiling")
    parser.add_argument("--output", default=str(ROOT / "bench" / "results"))
    parser.add_argument(
        "--port", type=int, default=8101, help="the cached server's port (the next: uncached)"
    )
    parser.add_argument(
        "--skip-growth",
        action="store_true",
        help="measure the 500-page site only (no 5,000-page site, no search)",
    )
    parser.add_argument(
        "--skip-search", action="store_true", help="leave out the site search's benchmark"
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

    log(f"database {args.database_url}: recreated, migrated")
    recreate_database(args.database_url)
    run([PYTHON, "manage.py", "migrate", "--noinput"], env)
    run([PYTHON, "manage.py", "createcachetable"], env)
    run([PYTHON, "manage.py", "compile_catalogs"], env)
    log("static files collected (hashed and compressed)")
    run([PYTHON, "manage.py", "collectstatic", "--noinput"], env)
    log("demo content, grown to a large site")
    run([PYTHON, "manage.py", "load_demo_content"], env)
    site = json.loads(run([PYTHON, "bench/build_site.py"], env).strip().splitlines()[-1])
    log(
        f"    {site['pages']} pages, {site['member_states']} member states, {site['organizations']} organizations"
    )
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    static_path = "/static/" + manifest["paths"]["css/site.css"]
    urls = site["urls"]

    log(f"CPU time and queries per render, {len(urls)} page types, in one process")
    renders = {site["pages"]: render_figures(env, args.renders)}
    log(
        f"gunicorn ({args.workers} workers, production settings, cache: {'Redis' if 'REDIS_URL' in env else 'database'})"
    )
    cached_port, uncached_port = args.port, args.port + 1
    cached = start_server(env, cached_port, page_cache=True, workers=args.workers)
    uncached = start_server(env, uncached_port, page_cache=False, workers=args.workers)
    results, sizes, memory, search, proxy = [], [site["pages"]], {}, None, None
    try:
        log(f"wrk at {site['pages']} pages: {3 + 2 * len(urls)} measurements of {args.duration}s")
        results += measure_pages(args, urls, cached_port, uncached_port, static_path, site["pages"])
        proxy = through_nginx(args, env, static_root, cached_port, uncached_port, urls, static_path)
        if proxy:
            static_rps = summary_of(results)["static_rps"]
            for row in proxy["rows"]:
                row["ratio_to_static"] = row["rps"] / static_rps
        memory[site["pages"]] = worker_memory_mb(cached) + worker_memory_mb(uncached)
        if not args.skip_growth:
            log("the site grown to 5,000 pages (news, publications, 500 PDF files), index rebuilt")
            grown = json.loads(
                run([PYTHON, "bench/build_site.py", "--search"], env).strip().splitlines()[-1]
            )
            sizes.append(grown["pages"])
            log(f"    {grown['pages']} pages, built in {grown['build_seconds']} s")
            renders[grown["pages"]] = render_figures(env, args.renders)
            log(f"wrk at {grown['pages']} pages")
            results += measure_pages(
                args, urls, cached_port, uncached_port, static_path, grown["pages"]
            )
            memory[grown["pages"]] = worker_memory_mb(cached) + worker_memory_mb(uncached)
            if not args.skip_search:
                search = search_benchmark(args, grown, uncached_port)
                memory["after search"] = worker_memory_mb(cached) + worker_memory_mb(uncached)
    finally:
        for process in (cached, uncached):
            process.terminate()
            process.wait(timeout=10)
        shutil.rmtree(static_root, ignore_errors=True)

    report = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "site": {k: site[k] for k in ("pages", "member_states", "organizations")},
        "sizes": sizes,
        "settings": {
            "duration_s": args.duration,
            "connections": args.connections,
            "wrk_threads": args.threads,
            "gunicorn_workers": args.workers,
            "cpus": os.cpu_count(),
            "cache": "redis" if "REDIS_URL" in env else "database",
        },
        "results": results,
        "renders": renders,
        "summary": {size: summary_of([r for r in results if r["size"] == size]) for size in sizes},
        "worker_memory_mb": memory,
        "through_nginx": proxy,
        "search": search,
    }
    lines = report_lines(report, args)
    output = Path(args.output)
    output.mkdir(parents=True, exist_ok=True)
    (output / "latest.json").write_text(json.dumps(report, indent=2, default=str))
    (output / "latest.md").write_text("\n".join(lines))
    print("\n".join(lines))
    log(f"written {output / 'latest.md'} and {output / 'latest.json'}")


def verdict(met, text):
    return f"- {'met' if met else 'MISSED'}: {text}"


def report_lines(report, args):
    sizes, results, renders = report["sizes"], report["results"], report["renders"]
    cpus = report["settings"]["cpus"]
    lines = [
        f"# Benchmark, {report['date']}",
        "",
        f"Sites of {' and '.join(f'{n:,}' for n in sizes)} pages; gunicorn {args.workers} sync "
        f"workers per server, production settings, {report['settings']['cache']} cache; wrk "
        f"{args.threads} threads, {args.connections} connections, {args.duration} s each; all on "
        f"this machine's {cpus} CPUs (wrk, gunicorn, PostgreSQL and Redis share them). Every "
        "ratio is to the static file measured in the same run at the same size (the median of "
        "three measurements: before the uncached pages, between, and after the cached ones).",
        "",
        "| page | size | kind | req/s | ratio to static | p50 ms | p99 ms | CPU ms per render | queries |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        figures = renders.get(r["size"], {}).get(r["page"], {}) if r["kind"] == "uncached" else {}
        cpu = f"{figures['cpu_ms']:.1f}" if figures else ""
        queries = f"{figures['queries']} ({figures['queries_cold']} cold)" if figures else ""
        lines.append(
            f"| {r['page']} | {r['size']:,} | {r['kind']} | {r['rps']:.0f} | {r['ratio_to_static']:.1%} "
            f"| {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {cpu} | {queries} |"
        )
    proxy = report.get("through_nginx")
    if proxy:
        lines += [
            "",
            "## Through nginx",
            "",
            f"nginx ({proxy['description']}) in front of the same servers, at {sizes[0]:,} pages; "
            "ratios to the static file served by whitenoise in the same run.",
            "",
            "| request | req/s | ratio to whitenoise's static file | p50 ms | p99 ms | failed |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for row in proxy["rows"]:
            lines.append(
                f"| {row['page']} | {row['rps']:.0f} | {row['ratio_to_static']:.1%} | "
                f"{row['p50_ms']:.1f} | {row['p99_ms']:.1f} | {row['non_2xx']} |"
            )
    lines += ["", "## Targets", ""]
    for size in sizes:
        summary = report["summary"][size]
        lines += [
            verdict(
                summary["cached_min_ratio"] >= 0.80,
                f"{size:,} pages: slowest cached page at {summary['cached_min_ratio']:.1%} of the "
                "static file (target 80 %)",
            ),
            verdict(
                summary["uncached_min_ratio"] >= 0.05,
                f"{size:,} pages: slowest uncached page at {summary['uncached_min_ratio']:.1%} of "
                "the static file (target 5 %)",
            ),
        ]
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]

        def rps(size, page, kind):
            return next(
                r["rps"] for r in results if (r["size"], r["page"], r["kind"]) == (size, page, kind)
            )

        changes = {
            page: rps(large, page, "uncached") / rps(small, page, "uncached") - 1
            for page in renders[small]
        }
        worst_page = min(changes, key=changes.get)
        lines.append(
            verdict(
                changes[worst_page] >= -0.20,
                f"growth to {large:,} pages: uncached throughput changed by "
                f"{min(changes.values()):+.0%} to {max(changes.values()):+.0%} per page type "
                f"(worst: {worst_page}; target: within 20 %)",
            )
        )
        differing = {
            page: (renders[small][page]["queries"], renders[large][page]["queries"])
            for page in renders[small]
            if renders[small][page]["queries"] != renders[large].get(page, {}).get("queries")
        }
        lines.append(
            verdict(
                not differing,
                "queries per page the same at both sizes"
                + (f" except {differing}" if differing else ""),
            )
        )
    every = [mb for values in report["worker_memory_mb"].values() for mb in values]
    if every:
        lines.append(
            verdict(
                max(every) < 200,
                f"gunicorn worker resident memory after the runs: {min(every):.0f}–{max(every):.0f} MB "
                "(target under 200 MB)",
            )
        )
    lines.append("")
    if report.get("search") is not None:
        lines += search_lines(report["search"], args)
    return lines


def search_benchmark(args, size, port):
    """The searches timed on the grown site (see the module's doc)."""
    log(
        f"site search: {size['pdf_files']} PDF files of {size['pdf_pages']} pages "
        f"({size['file_text_characters']} characters of text each); {size['entries']} entries, "
        f"{size['passages']} passages indexed in {size['index_seconds']} s"
    )
    log(
        f"searches: {len(SEARCHES)} searches x {args.search_rounds} rounds, one at a time, then "
        "mixed under wrk"
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
