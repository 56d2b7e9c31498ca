"""Settings shared by every environment. Everything that differs per machine comes from the environment."""

import locale
import os
import zoneinfo
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_EVAL, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Database: PostgreSQL in production and CI; a SQLite file in the project when DATABASE_URL is unset.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database host that drops packets is an outage after a few seconds, not a hung worker
    # (cached pages keep being served meanwhile: core/caching/page_cache.py).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3"))
    )
USING_POSTGRESQL = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if DATABASES["default"]["ENGINE"] not in {
    "django.db.backends.postgresql",
    "django.db.backends.sqlite3",
}:
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL or SQLite.")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The zero-setup SQLite file serves the preview panel's requests while autosave writes:
    # write-ahead logging lets them read during a write. Every transaction takes the write lock
    # when it begins (IMMEDIATE) and waits up to `timeout` seconds for it: a transaction that read
    # first and then wrote could only fail with "database is locked", whatever the timeout.
    # Settings modules for every use (development, tests) inherit both. A DATABASE_URL option
    # (?timeout=...) wins.
    _sqlite_options = DATABASES["default"].setdefault("OPTIONS", {})
    _sqlite_options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL")
    _sqlite_options.setdefault("timeout", 20)
    _sqlite_options.setdefault("transaction_mode", "IMMEDIATE")

INSTALLED_APPS = [
    # wagtail-modeltranslation registers Page's own translated fields: it must come before
    # our apps (whose pages subclass Page) and before the Wagtail apps.
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    "wagtail_modeltranslation.migrate",
    "core",
    "home",
    "members",
    "organizations",
    "secretariat",
    "rounds",
    "thematic_areas",
    "getting_help",
    "publications",
    "news",
    "events",
    # The site search (before wagtail.search: its update_index also rebuilds Wagtail's).
    "search",
    "interface_strings",
    "translation_queue",
    # Settings → Site languages (it states the queue's and the catalogs' counts: after both).
    "site_languages",
    # Figures as dated records, and the downloads and read API of the site's data.
    "figures",
    "open_data",
    # The demo site (manage.py load_demo_content, run by make run): it imports the sections.
    "demo_content",
    # The guide for staff and translators in the admin's Help menu (before wagtail.admin: it
    # replaces the dashboard's link to Wagtail's English guide).
    "staff_guide",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_countries",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "axes",
    "csp",
    # The read API's CORS (its settings: CORS_* below).
    "corsheaders",
]
if USING_POSTGRESQL:
    INSTALLED_APPS.append("django.contrib.postgres")

MIDDLEWARE = [
    # CORS headers for the read API (/api/ only), on every answer including the page cache's:
    # outermost, so that no cached copy holds them and a preflight costs nothing.
    "corsheaders.middleware.CorsMiddleware",
    # Anonymous visitors get cached pages before anything else runs: one cache round trip, no
    # session, no query. A copy is stored with the headers that the middleware below added (the
    # security headers), and only from a 200, which a malformed path or an http request under
    # SECURE_SSL_REDIRECT never gets.
    "core.caching.page_cache.PageCacheMiddleware",
    # A path with control characters is a 400 before anything looks it up.
    "core.serving.security.RejectMalformedPathsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (django-csp; CONTENT_SECURITY_POLICY below), then the two headers
    # that no library sends (Permissions-Policy, Cross-Origin-Resource-Policy).
    "core.serving.security.CSPMiddleware",
    "core.serving.security.SecurityHeadersMiddleware",
    # Costly views (search, downloads, the API) past the page cache: a bounded number at once,
    # refused before sessions and languages cost anything (core/serving/throttle.py).
    "core.serving.throttle.CostlyRequestLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Menus, footers, sites and languages worked out once per generation of the page cache.
    "core.caching.process_memo.ProcessMemoMiddleware",
    # Translators' edits of interface strings, laid over the catalogs before a language is active.
    "interface_strings.runtime.InterfaceTranslationsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Right after sessions: the language comes from the URL prefix, then cookie, then Accept-Language.
    "core.serving.security.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A request body larger than the upload limit allows: refused unread, in the user's language,
    # as nginx refuses it in front of the site (core/serving/uploads.py).
    "core.serving.uploads.UploadSizeLimitMiddleware",
    # Admin posts whose inline or StreamField counts no admin form sends: a 400.
    "core.admin.form_bounds.AdminFormBoundsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Locks out repeated failed admin logins.
    "axes.middleware.AxesMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "quito_portal.urls"
WSGI_APPLICATION = "quito_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: LANGUAGES drives the URL prefixes, the translated fields, the switcher and the sitemaps.
# A language added here gets its columns by migration (makemigrations) and needs a catalog in
# locale/; it starts "in preparation" (core/i18n/launch.py): staff edit and preview it, visitors see
# it once a moderator launches it.
LANGUAGE_CODE = "es"
# Python's gettext reads "pt" as pt_PT: Django's, Wagtail's and django-countries' catalogs would
# speak European Portuguese, and Spanish (the LANGUAGE_CODE fallback) where pt_PT lacks a string.
# Brazil is the member state: read their pt_BR catalogs (the project's locale/pt comes first).
locale.locale_alias["pt"] = "pt_BR.ISO8859-1"
LANGUAGES = [
    ("es", _("Spanish")),
    ("en", _("English")),
    ("pt", _("Portuguese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our own date formats (e.g. "14 December 1950" rather than Django's US default).
FORMAT_MODULE_PATH = ["core.i18n.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "America/Guayaquil"
TIME_ZONE_REGIONS = {
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
}

MODELTRANSLATION_DEFAULT_LANGUAGE = "es"
# An empty English field falls back to Spanish; templates mark such text lang="es".
MODELTRANSLATION_FALLBACK_LANGUAGES = ("es",)
WAGTAILMODELTRANSLATION_LOCALE_PICKER = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Wagtail
WAGTAIL_SITE_NAME = "Proceso de Quito / Quito Process"
# Moderation notifications (console e-mail in development, SMTP in production).
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
WAGTAILADMIN_NOTIFICATION_USE_HTML = True


def base_url(value):
    """The site's one public address, scheme://host[:port] without a path or trailing slash: every
    link in every e-mail starts with it (Wagtail's WAGTAILADMIN_BASE_URL for admin links, the
    default Site's hostname and port for public pages: `manage.py sync_site_address`)."""
    parts = urlsplit(value.strip().rstrip("/"))
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ImproperlyConfigured(f"BASE_URL must be http(s)://host[:port], not {value!r}.")
    if parts.path or parts.query or parts.fragment or parts.username:
        raise ImproperlyConfigured(f"BASE_URL is an address without a path: {value!r}.")
    return f"{parts.scheme}://{parts.netloc.lower()}"


# BASE_URL (WAGTAILADMIN_BASE_URL, its former name, is still read); dev.py derives it from
# `make run`'s HOST and PORT. Wagtail reads WAGTAILADMIN_BASE_URL; the project reads it too, so
# that a test overriding it changes every link.
WAGTAILADMIN_BASE_URL = base_url(
    os.environ.get("BASE_URL") or os.environ.get("WAGTAILADMIN_BASE_URL") or "http://127.0.0.1:8000"
)
# Staff choose among the site's languages only (Wagtail offers 38), and no avatar is fetched from
# Gravatar: the admin's policy would block it, and staff addresses should not leave the site.
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The dashboard's check for new Wagtail releases calls an outside server the admin's policy blocks.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# The dashboard's "What's new in Wagtail" banner links to Wagtail's English guide; staff have the
# portal's own guide in the Help menu (staff_guide).
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# The account page's time zones: Wagtail offers every name zoneinfo finds on the machine, and the
# system's files include "localtime", "posixrules" and the posix/ and right/ copies, which browsers
# refuse ("RangeError: Invalid time zone specified"). Only the IANA zones of a region, and UTC.
WAGTAIL_USER_TIME_ZONES = [
    "UTC",
    *sorted(
        name
        for name in zoneinfo.available_timezones()
        if name.split("/")[0] in TIME_ZONE_REGIONS and "/" in name
    ),
]
# Wagtail's login form leaves the password's label to Django, which never translates it.
WAGTAILADMIN_USER_LOGIN_FORM = "core.admin.login.LoginForm"
WAGTAIL_ALLOW_UNICODE_SLUGS = False  # /es/estados-miembros/peru/, not /per%C3%BA/
# An old address redirects in every language: core/serving/redirects.py (Wagtail's sees one language).
WAGTAILREDIRECTS_AUTO_CREATE = False
WAGTAIL_I18N_ENABLED = False  # translations are fields (modeltranslation), not separate page trees
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "spanish" if USING_POSTGRESQL else None,
    }
}
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "csv", "txt"]

# Cache and sessions are shared by every app server: Redis when REDIS_URL is set. Without it,
# development and tests use local memory; production falls back to the database (see production.py).
REDIS_URL = os.environ.get("REDIS_URL", "")
# Redis is an accelerator: while it is unreachable every call is a quick miss (see
# core/caching/resilient_redis.py). Size it with `maxmemory` and `maxmemory-policy allkeys-lru` (README).
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.caching.resilient_redis.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "quito-portal",
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.5")),
                "socket_timeout": float(os.environ.get("REDIS_SOCKET_TIMEOUT", "0.5")),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions live in the database only: a copy in Redis could outlive a logout made while Redis
# refused writes or was out of one server's reach. Only staff and visitors who passed a privacy
# restriction have a session (one indexed query per request of theirs).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Full-page cache for anonymous visitors (core.caching.page_cache).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
# What every page repeats, kept per app process under the page cache's generation (core.caching.process_memo).
PROCESS_MEMO_ENABLED = env_bool("PROCESS_MEMO_ENABLED", True)
# How often each app process compares the database's count of page cache purges with the cache's
# (a purge lost while a server could not reach Redis): one small query per process per interval.
PAGE_CACHE_DB_CHECK_SECONDS = float(os.environ.get("PAGE_CACHE_DB_CHECK_SECONDS", "1"))
# The read API (open_data/api.py) is public and read-only: any origin may GET it, without
# credentials. Other paths send no CORS headers (the downloads send their own, open_data/views.py).
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_HEADERS = ("accept", "accept-language", "content-type")
CORS_PREFLIGHT_MAX_AGE = 86400
# Uncached searches, downloads and API answers running at once on a host (core.serving.throttle).
COSTLY_REQUESTS_MAX = int(os.environ.get("COSTLY_REQUESTS_MAX", "2"))
COSTLY_REQUESTS_LOCK_DIR = os.environ.get("COSTLY_REQUESTS_LOCK_DIR", "")
# Who gets /healthz's details (database, cache): callers at these addresses or networks asking
# a server directly (the health checker); never a request that came through nginx.
HEALTHZ_DETAILS_FROM = os.environ.get("HEALTHZ_DETAILS_FROM", "127.0.0.0/8 ::1").split()
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))  # a working day
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# Admin logins: after 5 failures for the same user name from the same address, wait 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Behind N reverse proxies, each appending to X-Forwarded-For, the client is the Nth address from
# the right; anything further left was written by the client and is not trusted. 0: REMOTE_ADDR.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "core.serving.security.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/lockout.html"

# Uploads: no SVG (it can carry script). One size limit for every file (images, documents, in
# every form), in megabytes: the browser refuses a larger file before sending it, the forms
# refuse it with a clear error, and a request body above it plus 1 MB for the form around the
# file is refused before it is read (core/serving/uploads.py). deploy/nginx.conf's client_max_body_size
# must be that sum (tests check it for the default): change both together (docs/operations.md).
UPLOAD_MAX_MB = int(os.environ.get("UPLOAD_MAX_MB", "20"))
WAGTAILIMAGES_MAX_UPLOAD_SIZE = UPLOAD_MAX_MB * 1024 * 1024
# Decoding cost grows with pixels, not bytes: a 500 KB PNG can be 11000 x 11000. 40 megapixels
# (e.g. 8000 x 5000) is more than any camera photo the site needs.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = int(os.environ.get("WAGTAILIMAGES_MAX_IMAGE_PIXELS", "40000000"))
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.admin.image_forms.ImageForm"
WAGTAILDOCS_MAX_UPLOAD_SIZE = UPLOAD_MAX_MB * 1024 * 1024
# Replacing a live document's file is for moderators; the previous file is kept.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "core.admin.document_forms.DocumentForm"

# After logging in to see a restricted page without a `next`, go to the home page in the
# language of the login page (reversed lazily inside that language's prefix).
LOGIN_REDIRECT_URL = reverse_lazy("wagtail_serve", args=[""])

# Content-Security-Policy (django-csp). Public pages: nothing inline, nothing from another origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The Wagtail admin (/admin/) and its page previews need inline scripts and styles, and the admin
# frames its own previews: core.serving.security.CSPMiddleware uses this policy there instead.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE, UNSAFE_EVAL],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
# Origins that serve media images (an S3 bucket: production.py), added to both policies' img-src.
MEDIA_IMG_SOURCES = []

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
