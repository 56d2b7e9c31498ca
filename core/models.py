"""The core app's models for Django, which looks for them here; each is defined on its shelf
(see docs/architecture.md)."""

from core.pages.models import (  # noqa: F401
    FooterSettings,
    LanguageLaunch,
    PageCachePurgeCounter,
    StandardPage,
)
