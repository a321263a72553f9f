"""Settings for the consultation forum, read from the environment.

Every knob is an environment variable; README.md lists each one with its default.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string in production, "
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "development-only-not-secret"  # noqa: S105 - used only with DEBUG on

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# The site's public address (scheme and host, no trailing slash). Documents made once and
# kept, such as the guidebook PDFs, print absolute links against it rather than against
# whichever host a request happened to use.
SITE_URL = env_str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # The search vector field and its index (forum.SearchDocument); inert on SQLite.
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "guardian",
    "django_ratelimit",
    # The tasks table, for the database task backend production runs (README); migrated
    # everywhere so switching DJANGO_TASKS_BACKEND needs no other change.
    "django_tasks_db",
    "accounts",
    "forum",
    "moderation",
    "guidebook",
    "participation",
    "demo",
    # The backup and restore commands.
    "backups",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "common.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A signed-in person's profile language wins over the cookie and Accept-Language.
    "accounts.middleware.ProfileLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # An address with NUL bytes, broken percent-encoding or non-UTF-8 bytes answers 400.
    "common.security.RefuseMalformedAddressMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Marks request.user with whether this session passed the second factor; guards /admin/.
    "moderation.middleware.SecondFactorMiddleware",
    # A signed-in person who has not agreed to the privacy notice in force is asked to first.
    "accounts.middleware.PrivacyConsentMiddleware",
    # A form re-shown with errors answers 400 on every page, allauth's included.
    "common.forms.FormErrorStatusMiddleware",
    # django-ratelimit's exception answers the site's 429 page (common.ratelimits).
    "common.ratelimits.RateLimitMiddleware",
]

ROOT_URLCONF = "config.urls"

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
                "forum.context_processors.site",
                "forum.context_processors.notifications",
                "moderation.context_processors.queue_count",
                "moderation.context_processors.admin_link",
                "accounts.context_processors.language_switcher",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# Database: SQLite file by default, PostgreSQL (or anything dj-database-url knows) when given.
# Connections persist for DJANGO_CONN_MAX_AGE seconds on both: opening one costs more than a
# cached page. No health check before reusing one unless DJANGO_CONN_HEALTH_CHECKS is on: it
# is a hidden `SELECT 1` on every request; without it a connection the server dropped fails
# one request and is then replaced.
DATABASE_URL = env_str("DATABASE_URL", default="")
_CONN_MAX_AGE = env_int("DJANGO_CONN_MAX_AGE", default=0 if DEBUG else 60)
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=_CONN_MAX_AGE,
            conn_health_checks=env_bool("DJANGO_CONN_HEALTH_CHECKS", default=False),
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", default=str(BASE_DIR / "db.sqlite3")),
            "CONN_MAX_AGE": _CONN_MAX_AGE,
            "OPTIONS": {
                # Writers queue for the lock instead of failing with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and sessions: Redis when given, local memory otherwise.
REDIS_URL = env_str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Sessions are kept in the database and read from the cache, so a signed-in page does
    # not read its session row on every request.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "forum:home"

# django-allauth: sign-up and login by e-mail, verification mandatory.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
# Sign-up, login and password reset answer alike whether or not an address has an account
# (sign-up with a known address e-mails its owner instead of saying so on the page).
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_DISPLAY = "accounts.adapter.user_display"
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "signup": "accounts.forms.SignupForm",
    "reset_password": "accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "accounts.forms.ResetPasswordKeyForm",
    "change_password": "accounts.forms.ChangePasswordForm",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[VERLT consultation] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "VERLT consultation"

# django-guardian: no anonymous user row; anonymous visitors never hold object permissions.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

# E-mail (Django's MAILERS): the console in development; SMTP when EMAIL_HOST is given.
_email_host = env_str("EMAIL_HOST", default="")
if _email_host:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": env_int("EMAIL_PORT", default=587),
                "username": env_str("EMAIL_HOST_USER", default=""),
                "password": env_str("EMAIL_HOST_PASSWORD", default=""),
                "use_tls": env_bool("EMAIL_USE_TLS", default=True),
                "timeout": 30,
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": env_str(
                "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
            )
        }
    }
    if _email_file_path := env_str("EMAIL_FILE_PATH", default=""):
        # With EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend.
        MAILERS["default"]["OPTIONS"] = {"file_path": _email_file_path}
# A notification e-mail the mail server refused is tried again after this many seconds,
# times the attempt's number (forum/tasks.py).
NOTIFICATION_EMAIL_RETRY_SECONDS = env_int("NOTIFICATION_EMAIL_RETRY_SECONDS", default=120)
# The participation dashboard and public report show figures a background task counted
# (participation/services.py). Older than the first, a page view asks for a recount and
# still shows them; older than the second, they are never shown ("being counted" instead).
PARTICIPATION_FIGURES_REFRESH_SECONDS = env_int(
    "PARTICIPATION_FIGURES_REFRESH_SECONDS", default=300
)
PARTICIPATION_FIGURES_MAX_AGE_SECONDS = max(
    env_int("PARTICIPATION_FIGURES_MAX_AGE_SECONDS", default=1800),
    PARTICIPATION_FIGURES_REFRESH_SECONDS,
)
# A form's submission token (accounts/submissions.py) is kept this many days, for
# `clean_form_submissions` to delete after: long enough for any retry of the same form.
FORM_SUBMISSION_KEEP_DAYS = env_int("FORM_SUBMISSION_KEEP_DAYS", default=7)
# How often the draft editor keeps an unsaved copy of the text while it changes.
DRAFT_AUTOSAVE_SECONDS = env_int("DRAFT_AUTOSAVE_SECONDS", default=30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="consultation@example.org")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (e-mail) goes through Django's tasks framework; in-process by default.
# Background work (e-mail, PDF rendering). In-process by default, so `make run` needs
# nothing else; production sets DJANGO_TASKS_BACKEND=django_tasks_db.DatabaseBackend and
# runs `manage.py db_worker` beside the web server (README, "Running in production").
TASKS = {
    "default": {
        "BACKEND": env_str(
            "DJANGO_TASKS_BACKEND", default="django.tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# The OSCE's official languages, each named in itself (the switcher and the profile show
# them so). A person's language comes from their profile, then the footer's switcher (a
# cookie), then the browser's Accept-Language (accounts.middleware, LocaleMiddleware).
# Dates and numbers follow the active language's formats.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("de", "Deutsch"),
    ("it", "Italiano"),
    ("ru", "Русский"),
    ("es", "Español"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Templates name formats, not patterns; English's are the site's own (config/formats/en/).
FORMAT_MODULE_PATH = ["config.formats"]
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = not DEBUG
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Files on posts: private, served only by forum/attachments/views.py after a permission
    # check, never under a public URL (README, "Attachments", for an S3-compatible store).
    "attachments": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": env_str(
                "DJANGO_ATTACHMENTS_ROOT", default=str(BASE_DIR / "var" / "attachments")
            ),
        },
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Security: strict by default outside development.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Only the site's own scripts, styles and images; nothing inline, nothing framed, forms post
# only here. Remote images in posts are links already, so img-src needs no other host.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Browser features the site never uses, refused for every page (common.security).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# Rate limits and the client's address. Behind a reverse proxy every request comes from the
# proxy's address: DJANGO_TRUSTED_PROXY_COUNT says how many proxies append to
# X-Forwarded-For (the client is that many entries from its right end), or
# DJANGO_CLIENT_IP_HEADER names a header the proxy sets to the client's address instead.
# allauth and django-ratelimit read the same two settings (common.ratelimits.client_ip).
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env_str("DJANGO_CLIENT_IP_HEADER", default="") or None
RATELIMIT_IP_META_KEY = "common.ratelimits.client_ip"
RATELIMIT_EXCEPTION_CLASS = "common.ratelimits.RateLimited"
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", default=True)
# allauth's own limits: failed logins count per account and address together (the adapter
# keys them so), so strangers failing from one office cannot lock its next person out.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "30/10m/ip,5/5m/key",
    "signup": "10/h/ip",
    "reset_password": "10/h/ip,3/h/key",
    "reset_password_from_key": "20/h/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
# The site's own limits: "count/period" per account, and per address for anonymous reads
# (common.ratelimits). A new account, until its Nth approved post, posts at the "new" rate.
RATE_LIMITS = {
    "post": env_str("RATE_LIMIT_POST", default="30/h"),
    "post_new_account": env_str("RATE_LIMIT_POST_NEW_ACCOUNT", default="5/h"),
    "edit": env_str("RATE_LIMIT_EDIT", default="60/h"),
    "preview": env_str("RATE_LIMIT_PREVIEW", default="120/h"),
    "report": env_str("RATE_LIMIT_REPORT", default="20/h"),
    "review_comment": env_str("RATE_LIMIT_REVIEW_COMMENT", default="60/h"),
    "search": env_str("RATE_LIMIT_SEARCH", default="60/m"),
    "export": env_str("RATE_LIMIT_EXPORT", default="30/h"),
    "invite": env_str("RATE_LIMIT_INVITE", default="5/h"),
}
# The most addresses a drafter may invite to one review round.
REVIEW_INVITATIONS_MAX = env_int("REVIEW_INVITATIONS_MAX", default=200)
# Accounts with fewer approved posts than this post at RATE_LIMITS["post_new_account"].
RATE_LIMIT_NEW_ACCOUNT_POSTS = env_int("RATE_LIMIT_NEW_ACCOUNT_POSTS", default=3)
# django-ratelimit warns of every cache but a few third-party ones; Django's own Redis cache
# increments atomically too. In development the local-memory cache (one count per process)
# is what a single `runserver` needs; in production it would give each worker its own count,
# so there the check stays an error until REDIS_URL is set.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
if DEBUG and not REDIS_URL:
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")

# Moderators and administrators need TOTP before any moderation action. Accounts listed
# here are spared that (the demo accounts, in development only); keep it empty in production.
MODERATION_MFA_EXEMPT_EMAILS = env_list(
    "MODERATION_MFA_EXEMPT_EMAILS",
    default=(
        ["admin@example.org", "atu@example.org", "spmu@example.org", "odihr@example.org"]
        if DEBUG
        else []
    ),
)

# An approved post reported by this many different people is hidden until a moderator looks.
MODERATION_REPORT_HIDE_THRESHOLD = env_int("MODERATION_REPORT_HIDE_THRESHOLD", default=3)
# Reporters count toward that threshold once members this long, or once a post of theirs
# has been approved.
MODERATION_REPORT_TRUSTED_AFTER_DAYS = env_int("MODERATION_REPORT_TRUSTED_AFTER_DAYS", default=7)

# When on, new accounts wait for a moderator's approval before they may post.
ACCOUNT_APPROVAL_REQUIRED = env_bool("ACCOUNT_APPROVAL_REQUIRED", default=False)

# Forum knobs.
FORUM_THREADS_PER_PAGE = 25
FORUM_POSTS_PER_PAGE = 20
# An edit of an approved post waits for review unless it changes fewer than this many
# characters (a typo fixed); 0 holds every edit.
FORUM_UNREVIEWED_EDIT_MAX_CHARS = env_int("FORUM_UNREVIEWED_EDIT_MAX_CHARS", default=0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors": {"()": "config.logging.ClientErrorsWithoutTraceback"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["client_errors"]},
    },
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", default="WARNING")},
}
