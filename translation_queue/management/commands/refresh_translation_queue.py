import time

from django.core.management.base import BaseCommand
from wagtail.models import Page

from translation_queue.states import refresh_page, refresh_stale_pages


class Command(BaseCommand):
    help = (
        "Recompute the translation queue: the pages whose revisions changed since their last "
        "refresh (or, with --all, every page). The admin does this on its own for changed pages; "
        "run it after a bulk load or a restore."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="every page, not only changed ones")

    def handle(self, *args, **options):
        started = time.monotonic()
        if options["all"]:
            sections = dict(Page.objects.filter(depth=3).values_list("path", "pk"))
            pages = list(Page.objects.filter(depth__gt=1).specific(defer=False))
            for page in pages:
                refresh_page(page, sections)
            count = len(pages)
        else:
            count = refresh_stale_pages()
        elapsed = time.monotonic() - started
        self.stdout.write(f"Translation queue: {count} page(s) refreshed in {elapsed:.1f} s")
