"""Settings for the test suite: the production settings plus fast, isolated overrides."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-secret-key-that-is-long-enough-for-django-checks-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
os.environ.setdefault("CSRF_COOKIE_SECURE", "0")

from opensched.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="opensched-test-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECURE_HSTS_SECONDS = 0
SITE_URL = "http://testserver"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tests assert English UI strings; tests/test_translations.py checks the zh-hans default and catalogue.
LANGUAGE_CODE = "en"
# Close connections after each request so the live server used by browser tests does not keep the
# PostgreSQL test database open at teardown.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
