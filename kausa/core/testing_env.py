"""Loaded by pytest (`-p kausa.core.testing_env`) before Django starts: test defaults.

Tests run with production settings (DEBUG off) except for the HTTPS redirect, which the test
client cannot follow; the keys are throwaways.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "miyqVfRb43NmtEQwtGTItJ6xY454e_-qcVm4rz6yv-s=")
os.environ.setdefault("DEBUG", "0")
# Most tests sign in with `force_login`; the tests of kausa.accounts switch MFA on themselves.
os.environ.setdefault("MFA_REQUIRED", "0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("TASKS_BACKEND", "database")
os.environ.setdefault("STATIC_MANIFEST", "0")
