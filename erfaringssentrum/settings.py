"""Settings for the whole site, driven by environment variables.

Development: `DEBUG=1` (the Makefile sets it). Production: see README.md for the variables.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. "
            "For local development, set DEBUG=1 (make run does this)."
        )
    # Only ever used with DEBUG on, on a developer's machine.
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")


def site_url(value: str) -> str:
    """The scheme and host every absolute link is built from, never the request's Host header:
    a cached page, a feed or a queued e-mail outlives the request that made it, and the Host
    header is whatever the client sent. `make run` sets it from HOST."""
    if not value:
        if not DEBUG:
            raise ImproperlyConfigured(
                "SITE_URL must be set when DEBUG is off, e.g. SITE_URL=https://erfaringssentrum.no "
                "(the address of the site in links in e-mails, feeds and calendar files)."
            )
        return "http://127.0.0.1:8000"
    parts = urlsplit(value.rstrip("/"))
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.path or parts.query:
        raise ImproperlyConfigured(
            "SITE_URL must be a scheme and a host only, e.g. https://erfaringssentrum.no, "
            f"not {value!r}."
        )
    return f"{parts.scheme}://{parts.netloc}"


SITE_URL = site_url(os.environ.get("SITE_URL", ""))
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "erfaringssentrum",
    "resources",
    "faq",
    "assessments",
    "courses",
    "erfaringssentrum.admin_apps.AdminConfig",  # django.contrib.admin, two-factor for staff
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the rest, so that every answer gets their headers: a 400 for a NUL byte or an
    # unknown host, a redirect to the address with a slash, and each page-cache hit.
    "erfaringssentrum.middleware.SecurityHeadersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A page-cache hit keeps the policy it was stored with (the header is not set twice).
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "erfaringssentrum.middleware.RejectNulBytesMiddleware",  # before anything queries
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files, already compressed
    # Cached pages for anonymous visitors, found before the rest of the stack runs.
    "erfaringssentrum.core.pagecache.PageCacheMiddleware",
    # Pages go out compressed (a quarter of the size on a phone), at zlib's fastest level,
    # padded randomly against BREACH; the page cache stores pages compressed.
    "erfaringssentrum.core.compression.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "erfaringssentrum.middleware.SessionLimitsMiddleware",
]

ROOT_URLCONF = "erfaringssentrum.urls"
WSGI_APPLICATION = "erfaringssentrum.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "erfaringssentrum.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite file by default so the site runs with no setup; PostgreSQL through DATABASE_URL.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if not DATABASE_URL and not DEBUG:
    # A typo in the environment file would otherwise start production on an empty SQLite file.
    raise ImproperlyConfigured(
        "DATABASE_URL must be set when DEBUG is off, e.g. "
        "DATABASE_URL=postgres://erfaringssentrum@/erfaringssentrum (README: Production)."
    )
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at the start of a transaction, so two bookings cannot
    # interleave their check and their write (select_for_update is a no-op on SQLite).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "erfaringssentrum.User"

# --- Caches and tasks -----------------------------------------------------------------------
# The page cache, its content version, the rate limits and cached sessions must be shared by
# every worker process and app server, or a change by staff would show on some of them and
# not on others: Redis when CACHE_URL is set (recommended), else a table in the database
# (created by a migration, whatever DEBUG is). Only the development server, a single
# process, uses local memory. Both shared backends fail soft: when the cache does not answer,
# pages are rendered without it and a warning is logged (erfaringssentrum/core/failsoft_cache.py).
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHE_IS_REDIS = CACHE_URL.startswith(("redis://", "rediss://", "unix://"))
if CACHE_URL and not CACHE_IS_REDIS:
    raise ImproperlyConfigured("CACHE_URL må være en redis://-, rediss://- eller unix://-adresse.")
if CACHE_IS_REDIS:
    CACHES = {
        "default": {
            "BACKEND": "erfaringssentrum.core.redis_cache.RedisCache",
            "LOCATION": CACHE_URL,
            # A Redis that does not answer costs a worker a second now and then, not a hang.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
elif DEBUG:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "erfaringssentrum.core.failsoft_cache.DatabaseCache",
            "LOCATION": "django_cache",
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }

# Every e-mail is sent by a django.tasks task (erfaringssentrum/core/mailqueue.py). In production
# the tasks are stored in the database and run by a worker process (`manage.py db_worker`), so a
# slow or unreachable mail server never holds up a request, and a failed send is retried.
# With DEBUG on (`make run`, the tests) they run at once, in the request. TASKS_BACKEND chooses.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
TASKS_BACKEND = os.environ.get("TASKS_BACKEND") or ("immediate" if DEBUG else "database")
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured("TASKS_BACKEND må være «database» eller «immediate».")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}

# POSTs per user (or IP) and period in seconds, counted in the shared cache. Account actions
# (login, signup, password reset) use allauth's own ACCOUNT_RATE_LIMITS defaults.
RATE_LIMITS = {
    "booking": (env_int("RATE_LIMIT_BOOKINGS_PER_HOUR", 20), 60 * 60),
    "course-signup": (env_int("RATE_LIMIT_COURSE_SIGNUPS_PER_HOUR", 20), 60 * 60),
    # Cancelling a booking or a course seat, answering the date question, or a candidate's
    # yes to adaptation e-mails others.
    "cancel": (env_int("RATE_LIMIT_CANCELLATIONS_PER_HOUR", 20), 60 * 60),
    # «Slett kontoen» checks the password: tries per hour, as allauth limits its password forms.
    "delete-account": (10, 60 * 60),
}
# allauth's e-mails (confirm the address, reset the password, «no account with this
# address», «an account exists already») each go to an address someone typed in: at most this
# many to one address a day (erfaringssentrum/adapters.py), so nobody floods an inbox with them.
ACCOUNT_MAILS_PER_ADDRESS_PER_DAY = env_int("ACCOUNT_MAILS_PER_ADDRESS_PER_DAY", 10)

# --- Authentication (django-allauth) --------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "min-side"
ACCOUNT_LOGOUT_REDIRECT_URL = "front-page"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "erfaringssentrum.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Erfaringssentrum] "
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_ADAPTER = "erfaringssentrum.adapters.AccountAdapter"
# Messages that say what to do, and no placeholders (erfaringssentrum/account_forms.py).
ACCOUNT_FORMS = {
    name: f"erfaringssentrum.account_forms.{form}"
    for name, form in {
        "login": "LoginForm",
        "signup": "SignupForm",
        "add_email": "AddEmailForm",
        "change_password": "ChangePasswordForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
        "reauthenticate": "ReauthenticateForm",
    }.items()
}
# "Husk meg" would keep a session for weeks; sessions follow SESSION_COOKIE_AGE instead.
ACCOUNT_SESSION_REMEMBER = False
# Staff must have two-factor authentication (TOTP, with recovery codes) to use the admin.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Erfaringssentrum"
MFA_FORMS = {
    "authenticate": "erfaringssentrum.account_forms.AuthenticateForm",
    "reauthenticate": "erfaringssentrum.account_forms.MfaReauthenticateForm",
    "activate_totp": "erfaringssentrum.account_forms.ActivateTOTPForm",
}

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål")]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True
# Dates Django formats itself (admin lists) in the site's style: core/dates.py.
FORMAT_MODULE_PATH = ["erfaringssentrum.formats"]
# Our bokmål for what Django's, allauth's and django-tasks-db's catalogues lack (it takes
# precedence over theirs); `manage.py compilemessages` builds the .mo files.
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "erfaringssentrum.core.static_storage.StaticFilesStorage"},
}

# Every form renders its fields one way: no `required`, links for the error summary.
FORM_RENDERER = "erfaringssentrum.core.forms.SiteFormRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail ---------------------------------------------------------------------------------
# Console by default (mails are printed by `make run`); SMTP when EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "post@erfaringssentrum.example")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("EMAIL_HOST"):
    # TLS from the first byte (port 465) or STARTTLS (587): a server expecting the one only
    # times out on the other, and every e-mail would wait a day and a half to fail.
    email_use_ssl = env_bool("EMAIL_USE_SSL", False)
    email_use_tls = env_bool("EMAIL_USE_TLS", not email_use_ssl)
    if email_use_ssl and email_use_tls:
        raise ImproperlyConfigured("Set EMAIL_USE_SSL (port 465) or EMAIL_USE_TLS (587), not both.")
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": env_int("EMAIL_PORT", 465 if email_use_ssl else 587),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": email_use_tls,
                "use_ssl": email_use_ssl,
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# Addresses that get staff notifications (new bookings, courses ready for a date).
STAFF_NOTIFICATION_EMAILS = env_list("STAFF_NOTIFICATION_EMAILS", DEFAULT_FROM_EMAIL)

# --- Security -------------------------------------------------------------------------------
# The site runs behind a TLS-terminating proxy that sets X-Forwarded-Proto.
# How many proxies of our own stand in front of the site, each appending the address it saw to
# X-Forwarded-For (1 with the nginx of the deploy kit; 0 when nothing does, as in development).
# The client's address is read from there (erfaringssentrum/core/client_ip.py) by the rate limits,
# allauth's included, and the security log.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "erfaringssentrum.views.csrf_failure"
# Sessions end after two hours without activity, and after twelve hours in any case.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 2)
SESSION_REFRESH_SECONDS = 5 * 60  # activity extends the session, written at most this often
SESSION_ABSOLUTE_MAX_AGE = env_int("SESSION_ABSOLUTE_MAX_AGE", 60 * 60 * 12)
# Sessions are read from Redis when there is one (and written through to the database);
# a cache in the database or in one process's memory would add nothing.
SESSION_ENGINE = "django.contrib.sessions.backends." + ("cached_db" if CACHE_IS_REDIS else "db")
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host- cookies are only accepted over HTTPS, for this exact host and path /.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Every e-mail task would log twice at INFO; failures are logged as errors.
        "django.tasks": {"level": "WARNING"},
    },
}

EMAIL_SUBJECT_PREFIX = "[Erfaringssentrum] "

# Retention (see the privacy notice, which reads these): accounts never confirmed are deleted
# after this many days.
UNCONFIRMED_ACCOUNT_DAYS = env_int("UNCONFIRMED_ACCOUNT_DAYS", 30)

# Anonymous content pages are cached this long at most (and invalidated when content changes).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# Each worker process also keeps up to this much of the pages it served last in memory.
PAGE_CACHE_LOCAL_BYTES = env_int("PAGE_CACHE_LOCAL_BYTES", 32 * 1024 * 1024)

# Routes the minimal view that `make bench` measures every page against. Never in production.
BENCHMARK = env_bool("BENCHMARK")
