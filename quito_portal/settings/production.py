"""Production: every secret from the environment, refuses to start without SECRET_KEY."""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import REDIS_URL, env_bool

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")

# Media: who serves what is documented in README ("Who serves media"). On local disk (the default),
# the reverse proxy serves renditions from MEDIA_ROOT/images/ (deploy/nginx.conf); the app never
# serves /media/, and documents only through /documents/<id>/<name> (restrictions checked).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names (cached for a year) and compressed copies, served by whitenoise.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Media on S3-compatible object storage when a bucket is configured, so that every app server sees
# every upload. core.serving.storage.MediaStorage: renditions (images/) public through the bucket
# policy that `manage.py configure_media_bucket` applies; originals and documents private, with
# no bucket URL at all. Keys: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or an instance role).
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "core.serving.storage.MediaStorage"}
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    AWS_S3_ADDRESSING_STYLE = os.environ.get("AWS_S3_ADDRESSING_STYLE") or None
    AWS_LOCATION = os.environ.get("AWS_LOCATION", "")
    # No object ACLs: the bucket policy decides (MediaStorage refuses a public default ACL).
    AWS_DEFAULT_ACL = None
    # Never overwrite: two uploads with the same file name must stay two files.
    AWS_S3_FILE_OVERWRITE = False
    # Where the pages' <img> come from, for the Content-Security-Policy's img-src
    # (MEDIA_IMG_SOURCES, added by core.serving.security.CSPMiddleware).
    if AWS_S3_CUSTOM_DOMAIN:
        MEDIA_HOST = f"https://{AWS_S3_CUSTOM_DOMAIN}"
    elif AWS_S3_ENDPOINT_URL:
        _endpoint = urlsplit(AWS_S3_ENDPOINT_URL)
        _host = _endpoint.netloc
        if AWS_S3_ADDRESSING_STYLE == "virtual":
            _host = f"{AWS_STORAGE_BUCKET_NAME}.{_host}"
        MEDIA_HOST = f"{_endpoint.scheme}://{_host}"
    else:
        MEDIA_HOST = f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"
        if AWS_S3_REGION_NAME:
            MEDIA_HOST += (
                f" https://{AWS_STORAGE_BUCKET_NAME}.s3.{AWS_S3_REGION_NAME}.amazonaws.com"
            )
    MEDIA_IMG_SOURCES = (os.environ.get("MEDIA_CSP_SOURCES") or MEDIA_HOST).split()

# Without Redis, app servers share the cache through the database (`createcachetable`).
if not REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
        }
    }

# TLS may be terminated by a proxy that sets X-Forwarded-Proto; then it also does the redirect.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_SAMESITE = "Lax"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
