"""Loaded by pytest (`-p kausa.core.testing_env`) before Django starts: test defaults.

Tests run with production settings (DEBUG off) except for the HTTPS redirect, which the test
client cannot follow; the key is a throwaway.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("TASKS_BACKEND", "database")
os.environ.setdefault("STATIC_MANIFEST", "0")
