from django.core.management.base import BaseCommand, CommandError

from core.serving.site_address import (
    UnrepresentableAddress,
    configured_address,
    default_site,
    sync_default_site,
)


class Command(BaseCommand):
    help = (
        "Gives the default Site the configured address (BASE_URL), so that e-mails link public "
        "pages and the admin to the same scheme://host:port. `make run` runs it."
    )

    def handle(self, *args, **options):
        try:
            site = sync_default_site()
        except UnrepresentableAddress as error:
            raise CommandError(str(error)) from error
        if site is None and default_site() is None:
            self.stdout.write("No default Site yet: the demo content creates it at this address.")
        elif site is None:
            self.stdout.write(f"The default Site already answers at {configured_address()}.")
        else:
            self.stdout.write(self.style.SUCCESS(f"The default Site is now {site.root_url}."))
