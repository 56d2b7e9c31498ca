from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.i18n.languages import default_language, language_codes
from core.i18n.launch import public_language_codes, set_launched


class Command(BaseCommand):
    help = (
        "List the site's languages (public or in preparation), or launch / withdraw one, as "
        "Settings → Site languages does in the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("--launch", action="append", default=[], metavar="CODE")
        parser.add_argument("--withdraw", action="append", default=[], metavar="CODE")
        parser.add_argument("--launch-all", action="store_true", help="every language of LANGUAGES")

    def handle(self, *args, **options):
        launch = options["launch"]
        if options["launch_all"]:
            launch = [code for code in language_codes() if code != default_language()]
        for code in [*launch, *options["withdraw"]]:
            if code == default_language() or code not in language_codes():
                raise CommandError(f"{code}: not a language of the site that can change")
        with transaction.atomic():
            for code in launch:
                set_launched(code, True)
            for code in options["withdraw"]:
                set_launched(code, False)
        public = set(public_language_codes())
        for code in language_codes():
            state = "public" if code in public else "in preparation"
            self.stdout.write(f"{code}: {state}")
