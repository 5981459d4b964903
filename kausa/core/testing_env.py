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
# The suite is offline: the job agency's services point at a closed local port, so a page that
# asks them (the Azubi-BSK panel) fails at once instead of waiting on a lookup of the real host.
# Tests of those clients start their own fake server and set the URL themselves.
os.environ.setdefault("BA_JOBSUCHE_BASE_URL", "http://127.0.0.1:9/jobsuche")
os.environ.setdefault("BA_SPRACHKURS_BASE_URL", "http://127.0.0.1:9/sprachfoerderung")
