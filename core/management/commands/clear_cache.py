from django.core.cache import cache
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Empty the shared cache: cached pages, and the interface-strings version, so that every "
        "app server reloads what the database now holds (run after restoring a backup)."
    )

    def handle(self, *args, **options):
        cache.clear()
        self.stdout.write("cache emptied")
