"""The core app's models for Django, which looks for them here; each is defined on its shelf
(see docs/architecture.md)."""

from core.caching.models import PageCachePurgeCounter  # noqa: F401
from core.i18n.models import LanguageLaunch  # noqa: F401
from core.pages.models import FooterSettings, StandardPage  # noqa: F401
