"""Loa settings: one module, everything switchable through the environment.

With no environment at all Loa runs on SQLite with Celery tasks executed eagerly.
`DATABASE_URL` switches to PostgreSQL, `REDIS_URL` to a Redis broker and cache.
"""

import datetime
import sys
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

TESTING = "pytest" in sys.modules or sys.argv[1:2] == ["test"]

DEBUG = env.bool("DEBUG", default=False)
# Production unless running locally (DEBUG) or under the test suite: security defaults follow.
PRODUCTION = not (DEBUG or TESTING)

# Commands that sign nothing and may run without a key: reading a plan document into JSON
# (the importer's accuracy is scored by running exactly this command on a bare checkout).
KEYLESS_COMMAND = sys.argv[1:2] == ["import_plan"] and "--json" in sys.argv

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not (DEBUG or TESTING or KEYLESS_COMMAND):
        raise ImproperlyConfigured(
            "Set SECRET_KEY (or DEBUG=1 for a local run): see README.md, section Configuration."
        )
    SECRET_KEY = "django-insecure-loa-local-development-only"  # noqa: S105

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "treebeard",
    "simple_history",
    "import_export",
    "django_htmx",
    "axes",
    "units",
    "plans",
    "activities",
    "reports",
    "imports",
    "notifications",
    "exports",
    "emulation",
    "perf",
    "search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.RejectControlCharactersMiddleware",
    "config.middleware.DocumentLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

# Database: SQLite by default, PostgreSQL (or anything django-environ parses) via DATABASE_URL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL and IMMEDIATE transactions let the threaded dev server write without
            # "database is locked" errors.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    # Re-check persistent connections so the app recovers by itself after a database restart.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # PostgreSQL's JIT compiles every large query for up to 300 ms before running it: a loss
    # for pages that must answer in a fraction of a second (see docs/performance.md).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
# A PostgreSQL read replica (streaming replication), off by default: with
# DATABASE_REPLICA_URL set, the superior's roll-up pages (the report matrix and the roll-up
# page) read from it; every write, and every other page, uses the primary
# (config/routers.py; docs/operations.md, "Several machines").
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = env.db_url_config(DATABASE_REPLICA_URL)
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"].get("CONN_MAX_AGE", 0)
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    if "postgresql" in DATABASES["replica"]["ENGINE"]:
        DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
elif TESTING:
    # The suite tests the router on a second connection to the test database itself.
    DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
LOA_REPLICA_READS = bool(DATABASE_REPLICA_URL)
DATABASE_ROUTERS = ["config.routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (Index.include) are a PostgreSQL optimisation; SQLite builds them without
# the extra columns, which is all the local default needs.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_USER_MODEL = "units.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

if TESTING:
    # Deliberately weak hashing keeps the suite fast; production keeps Django's defaults.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Sessions last a working day and end with the browser.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Documents (PDF, Word) are rendered in a child process within these limits (plans/limits.py).
LOA_DOCUMENT_SECONDS = env.float("LOA_DOCUMENT_SECONDS", default=30)
LOA_DOCUMENT_MEGABYTES = env.float("LOA_DOCUMENT_MEGABYTES", default=768)

# A link to set or reset a password (an invitation included) works once, for three days.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 60 * 60

# Login throttling (django-axes): 5 failures for the same username from the same address lock
# that pair out for 15 minutes. The test suite logs in directly and enables it where tested.
AXES_ENABLED = env.bool("AXES_ENABLED", default=not TESTING)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Wider limits over the same window (units/login.py): failures from one address across all
# logins (password spraying), and failures of one login across all addresses.
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=20)
LOGIN_USER_FAILURE_LIMIT = env.int("LOGIN_USER_FAILURE_LIMIT", default=20)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "units.views.locked_out"
# Forwarded headers are believed only when a proxy in front sets them (BEHIND_PROXY=1, as in
# docker-compose.yml); otherwise anyone could claim HTTPS or another address.
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Vietnamese interface, Vietnamese time, dd/mm/yyyy.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]
# Loa's wording of a few of Django's stock messages (locale/vi/LC_MESSAGES/django.po).
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded evidence lives outside the static tree and is served only through views that
# check permissions.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Evidence, stored documents, imports waiting for confirmation and scans waiting for OCR go
# through Django's storage API: MEDIA_ROOT on this machine by default, or a private bucket of
# an S3-compatible store (AWS S3, MinIO …) shared by every web and worker node. Objects are
# private and never linked to: the views stream them after Loa's access checks.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
LOA_STORAGE = env.str("LOA_STORAGE", default="s3" if AWS_STORAGE_BUCKET_NAME else "local")
if LOA_STORAGE not in ("local", "s3"):
    raise ImproperlyConfigured(f"LOA_STORAGE is «local» or «s3», not {LOA_STORAGE!r}.")
if LOA_STORAGE == "s3":
    if not AWS_STORAGE_BUCKET_NAME:
        raise ImproperlyConfigured("LOA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    _s3 = {
        "bucket_name": AWS_STORAGE_BUCKET_NAME,
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 60,
        "file_overwrite": False,
        "signature_version": "s3v4",
        "region_name": env.str("AWS_S3_REGION_NAME", default="us-east-1"),
        "location": env.str("AWS_LOCATION", default=""),
        # A download is spooled to a temporary file above this size, not held in memory.
        "max_memory_size": 2_621_440,
    }
    if env.str("AWS_S3_ENDPOINT_URL", default=""):
        # MinIO and most S3-compatible stores: path-style addressing on their own endpoint.
        _s3["endpoint_url"] = env.str("AWS_S3_ENDPOINT_URL")
        _s3["addressing_style"] = "path"
    # Without keys boto3 finds credentials itself (instance role, ~/.aws).
    if env.str("AWS_ACCESS_KEY_ID", default=""):
        _s3["access_key"] = env.str("AWS_ACCESS_KEY_ID")
        _s3["secret_key"] = env.str("AWS_SECRET_ACCESS_KEY", default="")
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _s3}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000
# Evidence uploads: the largest file accepted (bytes) and how many files one activity form takes.
LOA_EVIDENCE_MAX_BYTES = env.int("LOA_EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)
LOA_EVIDENCE_MAX_FILES = env.int("LOA_EVIDENCE_MAX_FILES", default=20)
# Dashboard figures that take at least LOA_FIGURES_CACHE_AFTER seconds (wall time) to compute
# are kept LOA_FIGURES_CACHE_SECONDS (activities/selectors/remembered.py); faster ones stay live.
LOA_FIGURES_CACHE_AFTER = env.float("LOA_FIGURES_CACHE_AFTER", default=0.3)
LOA_FIGURES_CACHE_SECONDS = env.int("LOA_FIGURES_CACHE_SECONDS", default=5 * 60)
# An emulation period is closed, and its scores kept (emulation/kept.py), this many days after
# it ends: time for its reports to come in and its late tasks to be reported.
LOA_EMULATION_CLOSED_AFTER_DAYS = env.int("LOA_EMULATION_CLOSED_AFTER_DAYS", default=30)

# Scanned plan PDFs: the seconds OCR may take for one document (planreader.pdf bounds the pages
# and the pixels of a page).
LOA_OCR_TIME_LIMIT = env.int("LOA_OCR_TIME_LIMIT", default=10 * 60)

# Cache and Celery: Redis when REDIS_URL is set, otherwise in-process and eager.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
# Issued plans and sent reports are rendered (PDF, Word, Excel) by a worker as they are issued
# or sent, and stored; without a worker (eager tasks) the first download renders and stores.
LOA_PRERENDER_DOCUMENTS = env.bool("LOA_PRERENDER_DOCUMENTS", default=not CELERY_TASK_ALWAYS_EAGER)
# Exports of many rows and roll-up documents are written as jobs (exports app) and kept this
# long; the same request over unchanged data gets the kept file.
LOA_EXPORT_KEEP_HOURS = env.int("LOA_EXPORT_KEEP_HOURS", default=24)
# An Excel workbook previewed but never confirmed is deleted after this many hours.
LOA_IMPORT_PENDING_HOURS = env.int("LOA_IMPORT_PENDING_HOURS", default=24)
# Heavy work (documents rendered ahead, scanned plans read by OCR: seconds to minutes each)
# has a queue of its own, so it never delays a reminder or an e-mail. Every worker setup must
# consume both queues: docker-compose runs one worker for each.
CELERY_TASK_ROUTES = {
    "plans.store_plan_documents": {"queue": "documents"},
    "reports.store_report_documents": {"queue": "documents"},
    "plans.read_scanned_plan": {"queue": "documents"},
    "exports.write_export": {"queue": "documents"},
}
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
# Acknowledge after the task has run, one task at a time per process: a killed worker's task
# is delivered again, and tasks are written to be idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}

# --- Deadline reminders (notifications app) ------------------------------------------------
# A daily scan of the database finds what is due (never ETA tasks days ahead); see
# docs/workflows.md, section Reminders. Times are Asia/Ho_Chi_Minh (CELERY_TIMEZONE).
REMINDER_HOUR = env.int("REMINDER_HOUR", default=7)
REMINDER_MINUTE = env.int("REMINDER_MINUTE", default=30)
# Remind this many days before a deadline, on the day, then every N days while overdue
# (escalated to leaders), at most that many times.
REMINDER_DAYS_BEFORE = env.list("REMINDER_DAYS_BEFORE", cast=int, default=[7, 3, 1])
REMINDER_OVERDUE_EVERY_DAYS = env.int("REMINDER_OVERDUE_EVERY_DAYS", default=7)
REMINDER_OVERDUE_REPEATS = env.int("REMINDER_OVERDUE_REPEATS", default=52)
# SMTP failures: retried with exponential backoff (60 s, 120 s … capped below the broker's
# visibility timeout so a waiting retry is never redelivered as a duplicate).
REMINDER_EMAIL_MAX_RETRIES = env.int("REMINDER_EMAIL_MAX_RETRIES", default=6)
REMINDER_EMAIL_RETRY_BACKOFF = 60
REMINDER_EMAIL_RETRY_BACKOFF_MAX = 30 * 60
# Links in e-mails need the site's address.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
CELERY_BEAT_SCHEDULE = {
    # Every morning: record the day's reminders (due in 7/3/1 days, due today, overdue, reports
    # missing) as in-app notifications and send one digest e-mail per person.
    "send-reminders": {
        "task": "notifications.send_reminders",
        "schedule": crontab(hour=REMINDER_HOUR, minute=REMINDER_MINUTE),
    },
    # Every hour: delete the export jobs (and their files) kept past LOA_EXPORT_KEEP_HOURS.
    "cleanup-exports": {
        "task": "exports.cleanup",
        "schedule": crontab(minute=17),
    },
    # Every hour: delete the Excel workbooks previewed and never confirmed.
    "cleanup-imports": {
        "task": "imports.cleanup",
        "schedule": crontab(minute=23),
    },
}
if REDIS_URL:
    # A dead or unreachable Redis must fail fast, so pages (the navbar's unread count is
    # cached) fall back to the database instead of hanging.
    CACHES["default"]["OPTIONS"] = {"socket_connect_timeout": 2, "socket_timeout": 2}
# --- end of deadline reminders --------------------------------------------------------------

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Loa <loa@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: HTTPS-only in production by default (behind a proxy that sets X-Forwarded-Proto);
# each switch can be turned off by the environment, e.g. for a plain-HTTP load test.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=PRODUCTION)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=PRODUCTION)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=PRODUCTION)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=PRODUCTION)
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # django-axes announces itself at every start; keep its warnings (lockouts) only.
        "axes": {"level": "WARNING"},
    },
}
