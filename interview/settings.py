"""Settings for Interview Answer Studio, read from the environment.

Development needs no environment at all. Production is `DJANGO_DEBUG=0` plus a real
`DJANGO_SECRET_KEY` and `DJANGO_ALLOWED_HOSTS`; see README "Configuration".
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.getenv("DJANGO_DATA_DIR", BASE_DIR / "data"))


def envbool(name: str, default: str) -> bool:
    return os.getenv(name, default).strip().lower() in ("1", "true", "yes", "on")


def envint(name: str, default: str) -> int:
    return int(os.getenv(name, default))


def envlist(name: str, default: str = "") -> list[str]:
    return [
        item.strip() for item in os.getenv(name, default).split(",") if item.strip()
    ]


def development_secret_key() -> str:
    """A random key kept in the git-ignored data folder, so sessions survive restarts."""
    path = DATA_DIR / "secret_key.txt"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def sqlite_database(path: Path) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        # One connection per worker thread, kept: opening one (and running the
        # PRAGMAs below, with an empty page cache) cost more than a whole page.
        "CONN_MAX_AGE": None,
        "OPTIONS": {
            # IMMEDIATE takes the write lock when a transaction starts, so two writers
            # queue on busy_timeout instead of failing with "database is locked".
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA busy_timeout=20000;"
                "PRAGMA cache_size=-20000;"
            ),
        },
        # Tests use a file too, not SQLite's shared in-memory database: that one
        # locks whole tables, so threads that write at once (the live server's,
        # the concurrency tests') fail instead of queueing as they do here.
        "TEST": {"NAME": path.with_name(f"test-{path.name}")},
    }


def database_from_url(url: str) -> dict:
    """DATABASE_URL, read by dj-database-url: postgres://user:pass@host/name with
    query options such as ?sslmode=require, or sqlite:////absolute/path.sqlite3."""
    try:
        config = dj_database_url.parse(url)
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL: {error}") from error
    if config["ENGINE"] == "django.db.backends.sqlite3":
        return sqlite_database(Path(config["NAME"]))
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            "DATABASE_URL must be postgres://... or sqlite:///..., not "
            + url.split(":", 1)[0]
        )
    if envbool("DATABASE_POOL", "0"):
        # psycopg's own pool: one per process; sized for the server's threads.
        config["CONN_MAX_AGE"] = 0  # the pool keeps the connections
        config.setdefault("OPTIONS", {})["pool"] = {
            "min_size": 2,
            "max_size": envint("DATABASE_POOL_SIZE", "10"),
        }
    else:
        config["CONN_MAX_AGE"] = envint("DATABASE_CONN_MAX_AGE", "60")
        config["CONN_HEALTH_CHECKS"] = True
    return config


def release_digest(base: Path, static_root: Path) -> str:
    """A digest of what makes the pages (the templates, the app's code, the static
    files' manifest), read once per process: the cache's key prefix, so a cache
    shared by several processes (DJANGO_CACHE_URL) never serves a page or fragment
    made by an earlier release."""
    digest = hashlib.blake2b(digest_size=8)
    made_by = [
        *(base / "templates").rglob("*.html"),
        *(base / "interview").rglob("*.py"),
        static_root / "staticfiles.json",
    ]
    for path in sorted(made_by):
        if path.is_file():
            digest.update(str(path.relative_to(base, walk_up=True)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_from_url(url: str, max_entries: int) -> dict:
    """DJANGO_CACHE_URL: locmem:// (the default: a bounded cache in each process),
    redis://host:6379/0, memcached://host:11211, or dummy:// (no caching). Every
    cached page fragment's key holds the version of what it shows, so a
    per-process cache never needs invalidating (docs/operations.md)."""
    scheme, _, rest = url.partition("://")
    if scheme == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": rest or "interview",
            # Bounded, so a worker's memory is too (a kept page is at most 30 KB).
            "OPTIONS": {"MAX_ENTRIES": max_entries},
        }
    if scheme in ("redis", "rediss"):
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
        }
    if scheme == "memcached":
        return {
            "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
            "LOCATION": rest,
        }
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        "DJANGO_CACHE_URL must be locmem://, redis://..., memcached://... or "
        f"dummy://, not {scheme or url}"
    )


def client_address_source(proxies: int) -> tuple[tuple[str, ...], int | None]:
    """Where django-ipware finds the client's address: (headers, proxy count).

    With no proxy, the connection's address only: an X-Forwarded-For sent by the client
    is ignored. Behind `proxies` proxies that each append the address they received
    from to X-Forwarded-For, the client is that many entries from the right; ipware
    counts the entries after the client, hence one fewer. Anything further left was
    written by the client and is ignored (IPWARE_STRICT = False counts from the right
    instead of refusing the header and falling back to the proxy's address).
    """
    if proxies <= 0:
        return ("REMOTE_ADDR",), None
    return ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"), proxies - 1


DEBUG = envbool("DJANGO_DEBUG", "1")
SECRET_KEY = os.getenv("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0.")
    SECRET_KEY = development_secret_key()
elif not DEBUG and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be at least 50 random characters."
    )

ALLOWED_HOSTS = envlist(
    "DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else ""
)
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "interview",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "axes",
]

MIDDLEWARE = [
    # First, so that its jobs ride on the response the server sends.
    "interview.after_response.AfterResponseMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "interview.middleware.SessionActivityMiddleware",
    "interview.middleware.HtmxMessagesMiddleware",
    "interview.views.errors.MethodNotAllowedPageMiddleware",
    # Last, so that it sees the outcome of every login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "interview.urls"
WSGI_APPLICATION = "interview.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "interview.visitors.visitor_limits",
                # Last: a page kept for every visitor puts holes in the place of
                # the CSRF token and the CSP nonce (interview/page_cache.py).
                "interview.page_cache.holes",
            ],
        },
    },
]

if database_url := os.getenv("DATABASE_URL"):
    DATABASES = {"default": database_from_url(database_url)}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {"default": sqlite_database(DATA_DIR / "interview.sqlite3")}

CACHES = {
    "default": cache_from_url(
        os.getenv("DJANGO_CACHE_URL", "locmem://"),
        envint("DJANGO_CACHE_MAX_ENTRIES", "1000"),
    )
}

# Project templates may override form widgets and the field layout (templates/django/forms/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "my_drafts"
LOGOUT_REDIRECT_URL = "library"

# Login throttling: 5 failures for one username from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", "15") / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Axes keeps the form it refused; never the passwords typed into the account's forms.
AXES_SENSITIVE_PARAMETERS = [
    "username",
    "ip_address",
    "old_password",
    "new_password1",
    "new_password2",
]
# The client's address, read by django-ipware, behind DJANGO_PROXY_COUNT trusted proxies.
AXES_IPWARE_META_PRECEDENCE_ORDER, AXES_IPWARE_PROXY_COUNT = client_address_source(
    envint("DJANGO_PROXY_COUNT", "0")
)
IPWARE_STRICT = False
# Sign-up forms one client address may send in an hour (interview/signup.py).
SIGNUP_ATTEMPTS_PER_HOUR = envint("SIGNUP_ATTEMPTS_PER_HOUR", "10")

# Sessions last two weeks at most, and end after two days without activity: the
# cookie lives 2 days and interview.middleware.SessionActivityMiddleware renews it
# at most once an hour (so reading pages does not write the session on every
# request), and ends the session two weeks after it started.
SESSION_COOKIE_AGE = 2 * 24 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_MAX_AGE = 14 * 24 * 60 * 60

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.getenv("DJANGO_TIME_ZONE", "UTC")
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.getenv("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
CACHES["default"]["KEY_PREFIX"] = release_digest(BASE_DIR, STATIC_ROOT)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Tests and development serve static files straight from the source folders.
WHITENOISE_USE_FINDERS = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Request size limits, set on purpose: a section is at most 5,000 characters.
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
FILE_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024

# Mail goes to the console in development, and through SMTP (EMAIL_HOST) in production.
if not DEBUG or os.getenv("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.getenv("EMAIL_HOST", "localhost"),
                "port": envint("EMAIL_PORT", "587"),
                "username": os.getenv("EMAIL_HOST_USER", ""),
                "password": os.getenv("EMAIL_HOST_PASSWORD", ""),
                "use_tls": envbool("EMAIL_USE_TLS", "1"),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.getenv(
    "DEFAULT_FROM_EMAIL", "Interview Answer Studio <noreply@localhost>"
)

# A strict policy: nothing inline, nothing from another host.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF],
    # The rehearsal room plays back its recording from a blob: URL made in the page.
    "media-src": [CSP.SELF, "blob:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
}
CSRF_FAILURE_VIEW = "interview.views.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# Pages carry the token (hx-headers on <body>, the forms); no script reads the cookie.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", "1")
    if envbool("DJANGO_BEHIND_TLS_PROXY", "0"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 2 * 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host- cookies are only accepted over HTTPS, for this host, on path /.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    WHITENOISE_MAX_AGE = 365 * 24 * 60 * 60

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": os.getenv("DJANGO_LOG_LEVEL", "WARNING"),
    },
}
