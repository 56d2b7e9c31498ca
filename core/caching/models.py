from django.db import models
from django.utils.translation import gettext_lazy as _


class PageCachePurgeCounter(models.Model):
    """How many times the page cache was purged, counted in the database in the same transaction
    as the change that asked for it (core.caching.page_cache). A purge sent to the shared cache can be
    lost (the server that made the change could not reach Redis); this count cannot, and every
    app server compares it with the count that the shared cache last purged for. One row."""

    purges = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("page cache purge counter")

    def __str__(self):
        return f"{self.purges} page cache purges"
