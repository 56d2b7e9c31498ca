"""`manage.py update_index`: Wagtail's (the admin's search index), then the site search's own.

This app comes before wagtail.search in INSTALLED_APPS, so this command is the one Django runs.
"""

import time

from wagtail.search.management.commands.update_index import Command as WagtailCommand

from search import indexing


class Command(WagtailCommand):
    help = (
        "Rebuilds Wagtail's search index (the admin's search) and the site search's index of "
        "every live page in every language."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--only-site-search",
            action="store_true",
            help="Rebuild only the site search's index (not Wagtail's).",
        )
        group.add_argument(
            "--skip-site-search",
            action="store_true",
            help="Rebuild only Wagtail's index (not the site search's).",
        )

    def handle(self, *args, **options):
        if not options["only_site_search"]:
            super().handle(*args, **options)
        if options["skip_site_search"] or options.get("schema_only"):
            return
        started = time.monotonic()
        verbosity = options.get("verbosity", 1)
        self.stdout.write("Site search: rebuilding the index")
        count = indexing.rebuild(stdout=self.stdout if verbosity > 1 else None)
        self.stdout.write(
            self.style.SUCCESS(
                f"Site search: {count} entries indexed in {time.monotonic() - started:.1f} s"
            )
        )
