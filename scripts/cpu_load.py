"""Keep the machine's cores busy for a bounded time, to run the test suite as on a busy machine.

    python3 scripts/cpu_load.py --seconds 600 &    # then, in the same shell: make test
    make test-under-load                            # the same, in one command

One process per core (or --workers), each spinning in pure Python at normal priority, so the
tests compete for the CPU as they would beside a build or a second test run. It stops by itself
after --seconds (at most an hour), or on Ctrl-C / SIGTERM; its workers stop if it is killed.
Standard library only: it runs before the project's environment exists.
"""

import argparse
import multiprocessing
import os
import signal
import sys
import time

MAX_SECONDS = 3600


def spin(deadline, parent):
    # The controller's handlers are inherited: a worker just stops.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    value = 0
    while time.monotonic() < deadline:
        for _ in range(200_000):
            value = (value * 1103515245 + 12345) & 0x7FFFFFFF
        if os.getppid() != parent:  # the controller died: stop too
            return


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600, help="how long (default 600)")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="busy processes (default: cores)"
    )
    args = parser.parse_args(argv)
    seconds = max(0.0, min(args.seconds, MAX_SECONDS))
    deadline = time.monotonic() + seconds
    me = os.getpid()
    workers = [
        multiprocessing.Process(target=spin, args=(deadline, me), daemon=True)
        for _ in range(max(1, args.workers))
    ]

    def stop(*_args):
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for worker in workers:
        worker.start()
    print(
        f"cpu_load: {len(workers)} busy processes for {seconds:.0f} s (pid {me})",
        file=sys.stderr,
        flush=True,
    )
    for worker in workers:
        worker.join()


if __name__ == "__main__":
    main()
