"""CPU time and queries per render of one page of every public page type, in this process, with
the production settings and the full-page cache off (what an uncached request costs the app
server, without gunicorn, the network or wrk). Run against the benchmark's database after
`make bench` built it (or any database with the demo content):

    .venv/bin/python bench/profile_renders.py [--database-url URL] [--renders 30]
    .venv/bin/python bench/profile_renders.py --profile "member state"   # cProfile, top functions

Each page is rendered a few times to warm the process, then `--renders` times; the figure is the
median CPU time (time.process_time) of one render, so that the other core's load matters little.
Queries are counted twice: on the first request of a generation of the page cache (the process
memo and the content block worked out: "cold") and on the next (what a render costs while nothing is published).
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import defaults  # noqa: E402


def configure(database_url, redis_url):
    os.environ.update(
        {
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "quito_portal.settings.production",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "SECURE_SSL_REDIRECT": "false",
            "PAGE_CACHE_ENABLED": "false",
            "DATABASE_CONN_MAX_AGE": "600",
        }
    )
    if redis_url:
        os.environ["REDIS_URL"] = redis_url
    import django

    django.setup()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=defaults.DATABASE_URL)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--renders", type=int, default=30)
    parser.add_argument("--profile", help="a page type's name: print cProfile's top functions")
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("--json", action="store_true", help="print {page: {cpu_ms, queries}}")
    args = parser.parse_args()
    configure(args.database_url, args.redis_url)

    from django.db import connection
    from django.test import Client

    from bench.pages import page_urls
    from core.caching import page_cache, process_memo

    client = Client(HTTP_HOST="127.0.0.1")
    urls = page_urls()
    if args.profile:
        path = urls[args.profile]
        for _warm in range(5):
            client.get(path)
        profiler = cProfile.Profile()
        profiler.enable()
        for _render in range(args.renders):
            client.get(path)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)
        print(out.getvalue())
        return
    if not args.json:
        print("| page | path | CPU ms per render | queries |\n| --- | --- | ---: | ---: |")
    totals, figures = [], {}
    for name, path in urls.items():
        for _warm in range(5):
            response = client.get(path)
            if response.status_code != 200:
                sys.exit(f"{path} answered {response.status_code}")

        def count_queries(path):
            queries = []

            def count(execute, sql, *rest):
                queries.append(sql)
                return execute(sql, *rest)

            with connection.execute_wrapper(count):
                client.get(path)
            return len(queries)

        # The first request of a generation: nothing in this process's memo, nor a content
        # block kept in the cache under the current generation (a new one, in the profile's
        # own Redis database: no purge counted in the database).
        process_memo.forget_all()
        page_cache._purge_cache(None)
        cold = count_queries(path)  # the first request of a generation
        queries = count_queries(path)
        timings = []
        for _render in range(args.renders):
            started = time.process_time()
            client.get(path)
            timings.append((time.process_time() - started) * 1000)
        median = statistics.median(timings)
        totals.append(median)
        figures[name] = {"cpu_ms": round(median, 2), "queries": queries, "queries_cold": cold}
        if not args.json:
            print(f"| {name} | {path} | {median:.1f} | {queries} ({cold} cold) |", flush=True)
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"\nmedian over page types: {statistics.median(totals):.1f} ms")


if __name__ == "__main__":
    main()
