"""What the benchmark's scripts share without Django."""

import os

# The benchmark's own database: dropped and built again by `make bench`.
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/quito_portal_bench"
)
