"""What the product writes and configures: Reflex state on Redis, CORS from PUBLIC_URL, private
files under .data/, demo logins only where asked for (issue 14: 5, 11, 12)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ROOT


def _rxconfig(env: dict[str, str]) -> dict:
    """rxconfig.py as Reflex loads it, in a fresh interpreter with `env`."""
    code = (
        "import json, rxconfig; c = rxconfig.config; "
        "print(json.dumps({'redis_url': c.redis_url, 'cors': list(c.cors_allowed_origins)}))"
    )
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in ("REDIS_URL", "REFLEX_REDIS_URL", "PUBLIC_URL", "CRM_RES_PUBLIC_URL")
    }
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, **env},
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_reflex_state_goes_to_the_products_redis_and_cors_names_only_public_url():
    """With REDIS_URL (make run, Docker and compose all set it) Reflex's state manager uses that
    Redis, not pickles in .states/; CORS allows PUBLIC_URL only, never "*"."""
    got = _rxconfig({"REDIS_URL": "redis://127.0.0.1:6379/5", "PUBLIC_URL": "https://crm.example.sa"})
    assert got == {"redis_url": "redis://127.0.0.1:6379/5", "cors": ["https://crm.example.sa"]}
    local = _rxconfig({"REDIS_URL": "unix:///tmp/x.sock", "PORT": "3100"})
    assert local["redis_url"] == "unix:///tmp/x.sock" and "*" not in local["cors"]
    assert local["cors"] == ["http://localhost:3100", "http://127.0.0.1:3100"]


def test_the_generated_secret_key_is_private_from_the_start(tmp_path):
    """SECRET_KEY generated into the data dir: the file is 0600 and its folder 0700 even under a
    permissive umask (never readable by others, not even for a moment)."""
    from crm_res.settings import Settings

    old = os.umask(0)
    try:
        settings = Settings(secret_key=None, data_dir=tmp_path / "data")
        key = settings.signing_key()
    finally:
        os.umask(old)
    path = tmp_path / "data" / "secret_key"
    assert len(key) > 40 and path.read_text().strip() == key
    assert path.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "data").stat().st_mode & 0o777 == 0o700
    assert settings.signing_key() == key  # reused, not regenerated


def test_make_run_seeds_no_demo_login_on_a_real_database_unless_asked(committed, redis_conn, monkeypatch):
    """On DATABASE_URL the launcher seeds nothing; with CRM_RES_DEMO=1 it seeds an owner whose
    password is freshly generated (not the published demo one) and reported only when created."""
    from sqlmodel import select

    from crm_res.db import session_scope
    from crm_res.models import User
    from crm_res.runtime.launcher import seed_demo_if_wanted
    from crm_res.services.accounts.users import authenticate
    from crm_res.services.ops.demo import DEMO_OWNER_EMAIL, DEMO_OWNER_PASSWORD
    from crm_res.settings import get_settings

    monkeypatch.delenv("CRM_RES_DEMO", raising=False)
    get_settings.cache_clear()
    assert seed_demo_if_wanted(embedded_pg=False) is None
    with session_scope() as s:
        assert s.exec(select(User)).first() is None
    monkeypatch.setenv("CRM_RES_DEMO", "1")
    get_settings.cache_clear()
    first = seed_demo_if_wanted(embedded_pg=False)
    assert first is not None and first.created_owner and first.owner_password != DEMO_OWNER_PASSWORD
    with session_scope() as s:
        assert authenticate(session=s, email=DEMO_OWNER_EMAIL, password=first.owner_password)
    again = seed_demo_if_wanted(embedded_pg=False)
    assert again is not None and not again.created_owner
    get_settings.cache_clear()
