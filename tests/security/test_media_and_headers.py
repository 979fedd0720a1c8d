"""Customer files never run on the dashboard's origin; every answer carries security headers;
Reflex's upload endpoint only for logged-in users (issue 14: 3, 9, 12)."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.fakes import wa_payloads as wa
from tests.fixtures.channel import PNID, post, q, run_worker
from tests.fixtures.people import add_user

CUSTOMER = "966501234567"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
FILES = {
    "html": (b"<html><script>fetch('/steal?c='+document.cookie)</script></html>", "text/html"),
    "svg": (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/svg+xml"),
    "pdf": (b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "application/pdf"),
    "jpeg": (JPEG, "image/jpeg"),
    "html-claiming-jpeg": (b"<html><script>alert(1)</script></html>", "image/jpeg"),
}


@pytest.fixture
def stored_media(channel, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    """Each file of FILES sent by a customer as a document (with the declared type), fetched by
    the worker; returns {name: message id} and an owner's session token."""
    from crm_res.db import session_scope
    from crm_res.models import Role
    from crm_res.services.accounts.users import open_session_for
    from crm_res.settings import get_settings

    monkeypatch.setenv("CRM_RES_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    ids = {}
    for name, (data, mime) in FILES.items():
        ev = wa.document_message(PNID, CUSTOMER)
        ev.data["document"]["mime_type"] = mime
        channel["graph"].add_media(ev.data["document"]["id"], data, mime)
        assert post(channel["client"], ev).status_code == 200
        ids[name] = ev.wamid
    run_worker()
    rows = dict(q(channel["engine"], "SELECT wa_message_id, id FROM messages WHERE media_path IS NOT NULL"))
    with session_scope() as s:
        user = add_user(s, channel["restaurant_id"], "o@m.sa", Role.owner)
        token = open_session_for(user, get_settings().signing_key())
    return {name: rows[wamid] for name, wamid in ids.items()}, token, tmp_path


@pytest.mark.parametrize("name", ["html", "svg", "pdf", "html-claiming-jpeg"])
def test_documents_are_attachments_that_cannot_run(channel, stored_media, name):
    """html, svg, pdf (and html declared as a jpeg) come as attachments: octet-stream, nosniff,
    a sandbox CSP, never inline with the declared type."""
    ids, token, _ = stored_media
    r = channel["client"].get(f"/media/{ids[name]}", cookies={"crm_session": token})
    assert r.status_code == 200 and r.content == FILES[name][0]
    assert r.headers["content-type"] == "application/octet-stream"
    assert r.headers["content-disposition"].startswith("attachment")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["content-security-policy"].startswith("sandbox")


def test_a_real_picture_is_shown_inline_with_its_sniffed_type(channel, stored_media):
    """A jpeg (recognised by its bytes) is served inline as image/jpeg, still nosniff and sandboxed."""
    ids, token, _ = stored_media
    r = channel["client"].get(f"/media/{ids['jpeg']}", cookies={"crm_session": token})
    assert r.headers["content-type"] == "image/jpeg"
    assert r.headers["content-disposition"].startswith("inline")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in r.headers["content-security-policy"]


def test_media_files_are_private_to_the_apps_user(stored_media):
    """Fetched files are written 0600 in 0700 folders, whatever the process umask."""
    _, _, data_dir = stored_media
    files = [p for p in (data_dir / "media").rglob("*") if p.is_file()]
    assert files and all(p.stat().st_mode & 0o077 == 0 for p in files)
    folders = [p for p in (data_dir / "media").rglob("*") if p.is_dir()]
    assert folders and all(p.stat().st_mode & 0o077 == 0 for p in folders)


def test_every_answer_carries_security_headers(monkeypatch):
    """CSP with frame-ancestors 'none', X-Frame-Options, nosniff and a Referrer-Policy on pages and
    API answers; HSTS only when PUBLIC_URL is https."""
    import webhook
    from crm_res.settings import get_settings

    r = TestClient(webhook.app).get("/health/live")
    csp = r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "same-origin"
    assert "strict-transport-security" not in r.headers
    monkeypatch.setenv("PUBLIC_URL", "https://crm.example.sa")
    get_settings.cache_clear()
    r = TestClient(webhook.app).get("/health/live")
    assert r.headers["strict-transport-security"].startswith("max-age=")


def test_answers_carry_a_new_builds_csp_once_the_headers_are_looked_at_again(tmp_path, monkeypatch):
    """The headers are reused between looks at the build on disk (RECHECK_SECONDS apart): a
    rebuilt dashboard's inline scripts are allowed from the next look on, not before."""
    import os

    from crm_res.http import security_headers as sh

    build = tmp_path / "client"
    build.mkdir()
    (build / "index.html").write_bytes(b"<script>window.first = 1;</script>")
    now = [1000.0]
    monkeypatch.setattr(sh, "CLIENT_BUILD", build)
    monkeypatch.setattr(sh, "_clock", lambda: now[0])
    monkeypatch.setattr(sh, "_headers", None)

    def csp() -> str:
        return dict(sh.security_headers())[b"content-security-policy"].decode()

    first = csp()
    assert first == sh.dashboard_csp(build)
    (build / "index.html").write_bytes(b"<script>window.second = 2;</script>")
    os.utime(build / "index.html", ns=(1, 2))
    now[0] += sh.RECHECK_SECONDS / 2
    assert csp() == first  # reused: no stat for this answer
    now[0] += sh.RECHECK_SECONDS
    assert csp() == sh.dashboard_csp(build) != first


def test_upload_endpoint_refuses_anonymous_requests(committed, redis_conn):
    """Reflex's /_upload answers 401 without a live session, before reading the body."""
    import webhook

    r = TestClient(webhook.app).post(
        "/_upload", content=b"x" * 1024, headers={"content-type": "multipart/form-data; boundary=b"}
    )
    assert r.status_code == 401
    r = TestClient(webhook.app).post("/_upload", cookies={"crm_session": "made-up"}, content=b"x")
    assert r.status_code == 401


def test_the_dashboard_csp_allows_the_builds_inline_scripts_by_hash_only(tmp_path):
    """script-src lists the sha256 of each inline script of the compiled pages and no
    'unsafe-inline' (an injected inline script or onclick attribute would not run); a new build
    is picked up; without a build no inline script is allowed at all."""
    import base64
    import hashlib
    import os
    import re

    from crm_res.http import security_headers as sh

    def source(body: bytes) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(body).digest()).decode() + "'"

    build = tmp_path / "client"
    (build / "login").mkdir(parents=True)
    boot, module = b'window.__ctx = {"a":1};', b'\nimport "/assets/x.js";\n'
    (build / "index.html").write_bytes(
        b"<html><head><script>" + boot + b'</script><script src="/assets/a.js"></script></head>'
        b'<body><script type="module" async="">' + module + b"</script></body></html>"
    )
    (build / "login" / "index.html").write_bytes(b"<script>" + boot + b"</script>")
    csp = sh.dashboard_csp(build)
    scripts = re.search(r"script-src ([^;]*)", csp).group(1).split()
    assert sorted(s for s in scripts if s.startswith("'sha256-")) == sorted([source(boot), source(module)])
    assert "'unsafe-inline'" not in scripts and "'self'" in scripts
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp

    later = b'window.__ctx = {"b":2};'  # a new build: its own bootstrap
    (build / "index.html").write_bytes(b"<script>" + later + b"</script>")
    os.utime(build / "index.html", ns=(1, 2))  # a different stamp whatever the clock's resolution
    assert source(later) in sh.dashboard_csp(build) and source(module) not in sh.dashboard_csp(build)

    bare = re.search(r"script-src ([^;]*)", sh.dashboard_csp(tmp_path / "none")).group(1).split()
    assert bare == ["'self'", "'unsafe-eval'"]
