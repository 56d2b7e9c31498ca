from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation
from wagtail.models import Site

from demo_content import (
    events,
    getting_help,
    members,
    news,
    organizations,
    publications,
    rounds,
    secretariat,
    thematic_areas,
)
from demo_content.home import build_site
from demo_content.shared import DemoLog, build_footer
from home.models import HomePage

# Each section's builder has a build(home, log). Pages that link to others come after
# them: organizations before the Secretariat, states before rounds and thematic areas.
SECTION_BUILDERS = [
    members,
    organizations,
    secretariat,
    rounds,
    thematic_areas,
    publications,
    events,
    news,
    getting_help,
]


class Command(BaseCommand):
    help = "Creates the demo site in Spanish and English. Only creates what is missing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the site already has a home page (used by `make run`).",
        )

    def handle(self, *args, **options):
        if options["if_empty"] and HomePage.objects.exists():
            self.stdout.write("The site has a home page already: demo content not loaded.")
            return
        log = DemoLog(self.stdout, self.style)
        # The plain title/slug columns take the active language's value: build in the default.
        with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
            self.stdout.write("Site")
            home = build_site(log)
            build_footer(Site.objects.get(is_default_site=True), log)
            for builder in SECTION_BUILDERS:
                builder.build(home, log)
        # The site search's index, whether or not publishing updates it under these settings.
        call_command("update_index", "--only-site-search", stdout=self.stdout)
        # The translation queue, whether or not saving refreshes it under these settings.
        call_command("refresh_translation_queue", stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Done: {log.created} page(s) created."))
