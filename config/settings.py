"""Settings for the consultation forum, read from the environment.

Every knob is an environment variable; README.md lists each one with its default.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

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
    # The tasks table, for the database task backend production runs (README); migrated
    # everywhere so switching DJANGO_TASKS_BACKEND needs no other change.
    "django_tasks_db",
    "accounts",
    "forum",
    "moderation",
    "guidebook",
    "demo",
    # The backup and restore commands.
    "backups",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Marks request.user with whether this session passed the second factor; guards /admin/.
    "moderation.middleware.SecondFactorMiddleware",
    # A form re-shown with errors answers 400 on every page, allauth's included.
    "common.forms.FormErrorStatusMiddleware",
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
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# Database: SQLite file by default, PostgreSQL (or anything dj-database-url knows) when given.
DATABASE_URL = env_str("DATABASE_URL", default="")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("DJANGO_CONN_MAX_AGE", default=0 if DEBUG else 60),
            conn_health_checks=True,
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", default=str(BASE_DIR / "db.sqlite3")),
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
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

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

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français"), ("ru", "Русский"), ("de", "Deutsch")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
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
X_FRAME_OPTIONS = "DENY"

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

# When on, new accounts wait for a moderator's approval before they may post.
ACCOUNT_APPROVAL_REQUIRED = env_bool("ACCOUNT_APPROVAL_REQUIRED", default=False)

# Forum knobs.
FORUM_THREADS_PER_PAGE = 25
FORUM_POSTS_PER_PAGE = 20

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors": {"()": "config.logging.ClientErrorsWithoutTraceback"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["client_errors"]},
    },
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", default="WARNING")},
}
