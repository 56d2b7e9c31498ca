"""`make bench`: a large site on PostgreSQL, served by gunicorn with the production settings,
loaded by wrk from a second process. Prints requests per second and p50/p99 latency for a static
file, each public page type uncached and each page type from the full-page cache, each as a ratio
to the static file, and writes the results as Markdown and JSON."""

import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
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


def wrk(url, duration, connections, threads):
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

    log(f"1/5 database {args.database_url}: recreated, migrated")
    recreate_database(args.database_url)
    run([PYTHON, "manage.py", "migrate", "--noinput"], env)
    run([PYTHON, "manage.py", "createcachetable"], env)
    run([PYTHON, "manage.py", "compile_catalogs"], env)
    log("2/5 static files collected (hashed and compressed)")
    run([PYTHON, "manage.py", "collectstatic", "--noinput"], env)
    log("3/5 demo content, grown to a large site")
    run([PYTHON, "manage.py", "load_demo_content"], env)
    site = json.loads(run([PYTHON, "bench/build_site.py"], env).strip().splitlines()[-1])
    log(
        f"    {site['pages']} pages, {site['member_states']} member states, {site['organizations']} organizations"
    )

    manifest = json.loads((static_root / "staticfiles.json").read_text())
    static_path = "/static/" + manifest["paths"]["css/site.css"]

    log(
        f"4/5 gunicorn ({args.workers} workers, production settings, cache: {'Redis' if 'REDIS_URL' in env else 'database'})"
    )
    cached = start_server(env, 8101, page_cache=True, workers=args.workers)
    uncached = start_server(env, 8102, page_cache=False, workers=args.workers)
    results = []
    try:
        targets = [("static file (whitenoise)", "static", f"http://127.0.0.1:8101{static_path}")]
        for name, path in site["urls"].items():
            targets.append((name, "uncached", f"http://127.0.0.1:8102{path}"))
        for name, path in site["urls"].items():
            targets.append((name, "cached", f"http://127.0.0.1:8101{path}"))
        log(
            f"5/5 wrk: {len(targets)} measurements of {args.duration}s, {args.connections} connections"
        )
        for number, (name, kind, url) in enumerate(targets, start=1):
            result = wrk(url, args.duration, args.connections, args.threads)
            results.append({"page": name, "kind": kind, "url": url} | result)
            log(
                f"    [{number}/{len(targets)}] {kind:8} {name:28} {result['rps']:9.1f} req/s  p99 {result['p99_ms']:.1f} ms"
            )
    finally:
        for process in (cached, uncached):
            process.terminate()
            process.wait(timeout=10)
        shutil.rmtree(static_root, ignore_errors=True)

    static_rps = results[0]["rps"]
    for result in results:
        result["ratio_to_static"] = result["rps"] / static_rps
    summary = {
        "cached_min_ratio": min(r["ratio_to_static"] for r in results if r["kind"] == "cached"),
        "uncached_min_ratio": min(r["ratio_to_static"] for r in results if r["kind"] == "uncached"),
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
    lines += [
        "",
        f"- slowest cached page: {summary['cached_min_ratio']:.0%} of the static file's throughput (target 50%)",
        f"- slowest uncached page: {summary['uncached_min_ratio']:.0%} (target 5%)",
        f"- worst cached p99: {summary['cached_max_p99_ms']:.1f} ms at {args.connections} connections (target under 50 ms)",
        "",
    ]
    output = Path(args.output)
    output.mkdir(parents=True, exist_ok=True)
    (output / "latest.json").write_text(json.dumps(report, indent=2))
    (output / "latest.md").write_text("\n".join(lines))
    print("\n".join(lines))
    log(f"written {output / 'latest.md'} and {output / 'latest.json'}")


if __name__ == "__main__":
    main()
