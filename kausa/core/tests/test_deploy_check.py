"""Django's deployment checks pass without a warning under production settings.

The same as `make check-deploy`: a fresh process with DEBUG off and no test overrides.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[3]
# Test-only environment (the browser tests allow sync ORM calls next to their event loop).
TEST_OVERRIDES = {
    "SECURE_SSL_REDIRECT", "MFA_REQUIRED", "STATIC_MANIFEST", "DATABASE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}  # fmt: skip


def test_deploy_check_reports_no_warnings(capsys):
    env = {key: value for key, value in os.environ.items() if key not in TEST_OVERRIDES}
    env.update(
        DEBUG="0",
        SECRET_KEY=Fernet.generate_key().decode() * 2,
        ALLOWED_HOSTS="kausa.example.org",
        FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        SQLITE_PATH=":memory:",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    with capsys.disabled():
        print(f"\ndeploy check: {result.stdout.strip().splitlines()[-1:]}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    # The one silenced check is HSTS preloading (see SECURE_HSTS_PRELOAD in settings.py).
    assert "(1 silenced)" in result.stdout
