"""Test settings: fast hashing, in-memory e-mail; the database still comes from DATABASE_URL."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
# Serve static files from the apps' folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tests render pages afresh; the page cache's own tests turn it on.
PAGE_CACHE_ENABLED = False
# Tests do not search the site: no search-index writes on every save (a test that needs them can
# turn AUTO_UPDATE back on with pytest-django's `settings` fixture).
WAGTAILSEARCH_BACKENDS = {
    name: {**backend, "AUTO_UPDATE": False}
    for name, backend in WAGTAILSEARCH_BACKENDS.items()  # noqa: F405
}
