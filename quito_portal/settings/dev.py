"""Local development: DEBUG on, a fixed insecure key unless one is given."""

import os

from .base import *  # noqa: F403
from .base import base_url, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY") or "django-insecure-local-development-only"  # noqa: S105
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"


def development_base_url(host, port):
    """The address `make run HOST=... PORT=...` serves, as links in e-mails and the printed admin
    address should give it; a server listening on every interface is reached on this machine."""
    if host in {"", "0.0.0.0", "::", "[::]"}:  # noqa: S104 (a name, not a binding)
        host = "127.0.0.1"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 address
    return f"http://{host}:{port}"


WAGTAILADMIN_BASE_URL = base_url(
    os.environ.get("BASE_URL")
    or os.environ.get("WAGTAILADMIN_BASE_URL")
    or development_base_url(os.environ.get("HOST", "127.0.0.1"), os.environ.get("PORT", "8000"))
)
