"""Settings for the Wuxi Red Cross portal: one module, driven by the environment.

Every variable is documented in README.md. Defaults are safe for production
(DEBUG off); a developer turns DEBUG on in `.env` or the environment.
"""

from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str(
    "SECRET_KEY",
    default="insecure-development-key-change-me" if DEBUG else environ.Env.NOTSET,
)
if not SECRET_KEY.strip():
    raise ImproperlyConfigured("Set the SECRET_KEY environment variable to a long random value")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "simple_history",
    "axes",
    # apps.core first: its `export` command (auditors' exports) takes the name over
    # django-import-export's command of the same name.
    "apps.core",
    "import_export",
    "apps.organizations",
    "apps.honors",
    "apps.aed",
    "apps.training",
    "apps.donations",
    "apps.boai",
    "apps.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above WhiteNoise, so that static files get the policy and headers too.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "apps.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "apps.core.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "apps.core.pagecache.PublicPageCacheMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wuxi_redcross.urls"
WSGI_APPLICATION = "wuxi_redcross.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                # after Django's CSRF processor, whose token it replaces in stored pages
                "apps.core.pagecache.csrf_placeholder",
            ],
        },
    },
]

# Plain inputs and selects written without templates (apps/core/widgets.py).
FORM_RENDERER = "apps.core.widgets.FormRenderer"

# SQLite in the project folder unless DATABASE_URL names another database.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
else:
    # libpq's shortest connect timeout; DatabaseUnavailableMiddleware answers 503 at once
    # to the requests that follow a failed connect.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # The same, sharing one Redis client per connection pool (apps/core/cache.py).
    CACHES["default"]["BACKEND"] = "apps.core.cache.RedisCache"
CACHES["default"].setdefault("KEY_PREFIX", env.str("CACHE_KEY_PREFIX", default=""))
# Seconds a public page is served from the cache; any write to a record makes it stale at
# once (apps/core/pagecache.py), so this bounds only what changes with the clock. 0: off,
# the default with a cache of one process (local memory), which other workers cannot see.
PAGE_CACHE_SECONDS = env.int(
    "PAGE_CACHE_SECONDS",
    default=0 if CACHES["default"]["BACKEND"].endswith(("LocMemCache", "DummyCache")) else 60,
)
# The reporting period's figures are stored in one row, computed again whenever a write
# commits (apps/portal/snapshot.py); a row older than this many seconds is computed again
# on the next view (what moves with the calendar alone). 0: off, every view computes.
FIGURE_SNAPSHOT_SECONDS = env.int("FIGURE_SNAPSHOT_SECONDS", default=60)
# Open-data downloads read every record behind a figure (apps/portal/downloads.py): how
# many each visitor may start, and how many may run at once across the app servers.
DOWNLOAD_RATE = env.str("DOWNLOAD_RATE", default="60/h")
DOWNLOAD_STREAMS = env.int("DOWNLOAD_STREAMS", default=2)
# Sessions live in the cache when it is shared (Redis), so that any app server reads them.
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"

# django-axes first: it refuses a locked-out username and address before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Uploads (photos, scans, thumbnails): local files under MEDIA_ROOT, or an S3-compatible
# object store that several app servers share (django-storages; credentials from
# AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment).
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="local")
if MEDIA_STORAGE == "s3":
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME")
    AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default=None)
    AWS_S3_CUSTOM_DOMAIN = env.str("AWS_S3_CUSTOM_DOMAIN", default=None)
    AWS_QUERYSTRING_AUTH = env.bool("AWS_QUERYSTRING_AUTH", default=False)
elif MEDIA_STORAGE != "local":
    raise environ.ImproperlyConfigured("MEDIA_STORAGE is local or s3")

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# HTTPS. Off with DEBUG, so that `make run` works on http://127.0.0.1:8000; on otherwise.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# A load balancer asks the health check over plain HTTP: it gets its answer, not a redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
# No script of ours reads the CSRF cookie: forms carry the token.
CSRF_COOKIE_HTTPONLY = True
# One year of HSTS once DEBUG is off; start lower (e.g. 300) when first turning HTTPS on.
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
# "preload" only allows the host to be submitted to the browsers' HTTPS-only list.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
# Behind a reverse proxy that ends TLS, e.g. "HTTP_X_FORWARDED_PROTO,https": the request
# header the proxy sets and its value on HTTPS. Only when the proxy always sets or strips it.
SECURE_PROXY_SSL_HEADER = tuple(env.list("SECURE_PROXY_SSL_HEADER", default=[])) or None
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Staff sessions: a working morning at most, and gone when the browser closes.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=4 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# The admin's address, e.g. "office-7f3a/"; moving it keeps scanners off the login form.
ADMIN_URL = env.str("ADMIN_URL", default="admin/").strip("/") + "/"

# Login lockout (django-axes): after AXES_FAILURE_LIMIT failed logins for one username from
# one address, that pair is refused until AXES_COOLOFF_TIME has passed; a success resets it.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
# Our own logger says who logged in or failed (apps/core/signals.py), with the address.
AXES_VERBOSE = False
# Locks are lifted with `manage.py axes_reset_username NAME` (or axes_reset), not in the admin.
AXES_ENABLE_ADMIN = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # django-axes notes every login at INFO; lockouts are warnings, logins are ours.
    "loggers": {"axes": {"level": "WARNING"}},
}

# Map tiles for the AED finder, e.g. https://tiles.example.org/{z}/{x}/{y}.png (a server the
# society runs or trusts). Empty: the map shows the sites without a background.
MAP_TILE_URL = env.str("MAP_TILE_URL", default="")
MAP_TILE_ATTRIBUTION = env.str("MAP_TILE_ATTRIBUTION", default="")

# Content-Security-Policy (Django's own middleware): everything from the portal itself,
# inline <script>/<style> only with the request's nonce (the admin's few inline bits).
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "upgrade-insecure-requests": SECURE_SSL_REDIRECT,
}
if MAP_TILE_URL:
    # The tile server's origin ("{s}" subdomains as a wildcard); Leaflet blanks a
    # removed tile with a data: image.
    _tiles = urlsplit(MAP_TILE_URL.replace("{s}", "*"))
    SECURE_CSP["img-src"] += [f"{_tiles.scheme}://{_tiles.netloc}", "data:"]
# Browser features no page of the portal uses ("self" for the AED finder's "near me").
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(self), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# Uploaded photos and scans (apps/core/images.py): JPEG, PNG or WebP by content, at most
# this many bytes and pixels (a bigger picture is refused, a decompression bomb included).
IMAGE_UPLOAD_MAX_BYTES = env.int("IMAGE_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
IMAGE_UPLOAD_MAX_PIXELS = env.int("IMAGE_UPLOAD_MAX_PIXELS", default=40_000_000)

# Key of the digests that let staff find a person by ID number without storing it.
# Changing it makes existing digests unfindable: set it once, apart from SECRET_KEY.
PII_DIGEST_KEY = env.str("PII_DIGEST_KEY", default=SECRET_KEY)

# The reporting period that the article's "last five years" figures cover.
# Figures such as "AEDs placed in the last five years" count records dated inside it.
PORTAL_PERIOD_START = date.fromisoformat(env.str("PORTAL_PERIOD_START", default="2020-01-01"))
PORTAL_PERIOD_END = date.fromisoformat(env.str("PORTAL_PERIOD_END", default="2024-10-31"))

# Days within which a receipt (from received_on) and a payment (from paid_on) must be
# published in the disclosure (信息公开).
DISCLOSURE_DAYS = {
    "donation": env.int("DISCLOSURE_DAYS_DONATION", default=30),
    "disbursement": env.int("DISCLOSURE_DAYS_DISBURSEMENT", default=60),
}
