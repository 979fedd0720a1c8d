"""Logins over HTTP: off the event loop, throttled without locks or an existence oracle, and
server-side sessions in an HttpOnly cookie that logout really ends (issue 14: 2, 4, 6)."""

from __future__ import annotations

import asyncio
import threading
import time
from http.cookies import SimpleCookie

import httpx
import pytest
from starlette.testclient import TestClient

from crm_res.models import Role
from tests.fixtures.people import add_user

OWNER_EMAIL, OWNER_PASSWORD = "owner@sec.sa", "owner-password-1"


@pytest.fixture
def owner(committed, redis_conn):  # type: ignore[no-untyped-def]
    """A restaurant with one owner login, committed (the HTTP routes open their own sessions)."""
    from crm_res.db import session_scope
    from crm_res.services.admin.restaurants import create_restaurant

    with session_scope() as s:
        r = create_restaurant(session=s, name_ar="مطعم", name_en="Diner", phone_number_id="pn-sec")
        user = add_user(s, r.id, OWNER_EMAIL, Role.owner, password=OWNER_PASSWORD)
        return {"restaurant_id": r.id, "user_id": user.id}


@pytest.fixture(autouse=True)
def _settings_read_afresh_after(monkeypatch):  # type: ignore[no-untyped-def]
    """Tests here change PUBLIC_URL or the login rates and re-read the settings: put the variables
    back and drop the cached settings after each, so the next test does not inherit them (run in
    another order, as mutmut does, the https PUBLIC_URL made the next test's cookie Secure)."""
    yield
    monkeypatch.undo()
    from crm_res.settings import get_settings

    get_settings.cache_clear()


@pytest.fixture
def client():  # type: ignore[no-untyped-def]
    import webhook

    return TestClient(webhook.app, base_url="http://localhost:3000", follow_redirects=False)


def login(client: TestClient, email: str, password: str) -> httpx.Response:
    return client.post("/auth/login", data={"email": email, "password": password})


def session_cookie(response: httpx.Response) -> SimpleCookie:
    jar = SimpleCookie()
    for header in response.headers.get_list("set-cookie"):
        jar.load(header)
    return jar


def logged_in(token: str) -> bool:
    from crm_res.db import session_scope
    from crm_res.services.accounts.users import viewer_from_token
    from crm_res.settings import get_settings

    with session_scope() as s:
        return viewer_from_token(session=s, token=token, secret=get_settings().signing_key()) is not None


@pytest.fixture
def counted_hashing(monkeypatch):  # type: ignore[no-untyped-def]
    """Counts argon2 checks (the real ones still run)."""
    from crm_res.services.accounts import users

    calls = []
    real = users._rehash_like

    def counting(password_hash: str, password: str) -> str:
        calls.append(password_hash)
        return real(password_hash, password)

    monkeypatch.setattr(users, "_rehash_like", counting)
    return calls


# ---------------------------------------------------------------- 2: nothing blocks the loop


def test_webhook_and_health_answer_while_thirty_failed_logins_are_in_flight(owner, monkeypatch):
    """30 concurrent failed logins whose password checks are held open: /health/live and a webhook
    delivery are answered while all 30 are still in flight, and every login then fails alike."""
    from crm_res.services.accounts import users
    from crm_res.settings import get_settings
    from tests.fakes import wa_payloads as wa

    monkeypatch.setenv("LOGIN_RATE_PER_IP", "1000/minute")
    get_settings.cache_clear()
    release = threading.Event()
    real = users._rehash_like

    def held(password_hash: str, password: str) -> str:
        release.wait(timeout=5)  # on the event loop this would hold every other request too
        return real(password_hash, password)

    monkeypatch.setattr(users, "_rehash_like", held)
    import webhook

    events: list[str] = []

    async def one_login(i: int) -> None:
        # Each from its own address with its own e-mail: no throttle answers any of them early.
        transport = httpx.ASGITransport(app=webhook.app, client=(f"10.0.0.{i + 1}", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://localhost:3000") as c:
            r = await c.post("/auth/login", data={"email": f"nobody{i}@sec.sa", "password": "wrong"})
        assert r.status_code == 303 and r.headers["location"] == "/login?failed=1"
        events.append("login")

    async def scenario() -> None:
        logins = [asyncio.create_task(one_login(i)) for i in range(30)]
        await asyncio.sleep(0)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=webhook.app), base_url="http://t"
        ) as c:
            health = await c.get("/health/live")
            events.append("health")
            delivery = wa.encode(wa.delivery(wa.text_message("pn-sec", "966500000001", "مرحبا")))
            hook = await c.post(
                "/webhooks/whatsapp", content=delivery, headers={"content-type": "application/json"}
            )
            events.append("webhook")
        assert health.status_code == 200 and hook.status_code == 200, hook.text
        release.set()
        await asyncio.gather(*logins)

    asyncio.run(scenario())
    assert events[:2] == ["health", "webhook"] and events.count("login") == 30


def test_per_ip_rate_limit_answers_without_checking_the_password(owner, client, monkeypatch, counted_hashing):
    """Past LOGIN_RATE_PER_IP, attempts from that address are answered "failed" with no argon2 work."""
    from crm_res.settings import get_settings

    monkeypatch.setenv("LOGIN_RATE_PER_IP", "3/minute")
    get_settings.cache_clear()
    for i in range(5):
        assert login(client, f"x{i}@sec.sa", "wrong").headers["location"] == "/login?failed=1"
    assert len(counted_hashing) == 3


def test_global_rate_limit_spans_addresses(owner, monkeypatch, counted_hashing):
    """LOGIN_RATE_GLOBAL counts every address together."""
    import webhook
    from crm_res.settings import get_settings

    monkeypatch.setenv("LOGIN_RATE_GLOBAL", "4/minute")
    get_settings.cache_clear()
    for i in range(6):
        c = TestClient(
            webhook.app,
            base_url="http://localhost:3000",
            follow_redirects=False,
            client=(f"10.1.0.{i}", 5000),
        )
        login(c, f"y{i}@sec.sa", "wrong")
    assert len(counted_hashing) == 4


# ---------------------------------------------------------------- 4: sessions


def test_login_sets_an_httponly_samesite_cookie_and_logout_refuses_a_replayed_token(owner, client):
    """The session cookie is HttpOnly, SameSite=Lax, Path=/; after logout the same token (replayed
    by hand, as a thief would) opens nothing: not the upload endpoint, not a dashboard viewer."""
    r = login(client, OWNER_EMAIL, OWNER_PASSWORD)
    assert r.status_code == 303 and r.headers["location"] == "/"
    morsel = session_cookie(r)["crm_session"]
    assert morsel["httponly"] and morsel["samesite"].lower() == "lax" and morsel["path"] == "/"
    assert not morsel["secure"]  # PUBLIC_URL is http here
    token = morsel.value
    assert logged_in(token)
    fresh = TestClient(client.app, base_url="http://localhost:3000", follow_redirects=False)
    assert fresh.post("/_upload", cookies={"crm_session": token}).status_code != 401
    out = client.post("/auth/logout", cookies={"crm_session": token})
    assert out.status_code == 303 and out.headers["location"] == "/login"
    assert 'crm_session=""' in out.headers["set-cookie"] or "Max-Age=0" in out.headers["set-cookie"]
    assert not logged_in(token)
    replay = TestClient(client.app, base_url="http://localhost:3000", follow_redirects=False)
    assert replay.post("/_upload", cookies={"crm_session": token}).status_code == 401


def test_cookie_is_secure_behind_https(owner, monkeypatch):
    """With an https PUBLIC_URL the session and device cookies carry Secure."""
    import webhook
    from crm_res.settings import get_settings

    monkeypatch.setenv("PUBLIC_URL", "https://crm.example.sa")
    get_settings.cache_clear()
    c = TestClient(webhook.app, base_url="https://crm.example.sa", follow_redirects=False)
    jar = session_cookie(login(c, OWNER_EMAIL, OWNER_PASSWORD))
    assert jar["crm_session"]["secure"] and jar["crm_device"]["secure"] and jar["crm_device"]["httponly"]


def test_log_out_everywhere_ends_every_session_of_the_user(owner, client):
    """Two browsers logged in; "log out everywhere" from one ends both."""
    first = session_cookie(login(client, OWNER_EMAIL, OWNER_PASSWORD))["crm_session"].value
    second = session_cookie(login(client, OWNER_EMAIL, OWNER_PASSWORD))["crm_session"].value
    assert first != second and logged_in(first) and logged_in(second)
    client.post("/auth/logout-all", cookies={"crm_session": first})
    assert not logged_in(first) and not logged_in(second)


def test_sessions_expire_when_idle_and_at_their_absolute_limit(owner, client, redis_conn):
    """A session's Redis key lives no longer than the idle timeout; one older than the absolute
    limit is refused even while in use."""
    import hashlib

    from crm_res.settings import get_settings

    token = session_cookie(login(client, OWNER_EMAIL, OWNER_PASSWORD))["crm_session"].value
    key = "crm:session:" + hashlib.sha256(token.encode()).hexdigest()
    assert 0 < redis_conn.ttl(key) <= get_settings().session_idle_minutes * 60
    assert logged_in(token)
    old = time.time() - get_settings().session_absolute_hours * 3600 - 1
    redis_conn.hset(key, "created", repr(old))
    assert not logged_in(token)


def test_a_cross_site_login_post_is_refused(owner, client):
    """Login CSRF: a form posted from another origin is refused."""
    r = client.post(
        "/auth/login",
        data={"email": OWNER_EMAIL, "password": OWNER_PASSWORD},
        headers={"origin": "https://evil.example"},
    )
    assert r.status_code == 403 and "crm_session" not in r.headers.get("set-cookie", "")


def test_the_token_is_not_client_synced_reflex_state():
    """AuthState has no token var (nothing the browser receives in a state delta holds it)."""
    from crm_res.state.auth import AuthState

    names = set(AuthState.base_vars) | set(AuthState.computed_vars)
    assert not any("token" in n for n in names), names


# ---------------------------------------------------------------- 6: login protection


def test_unknown_and_existing_accounts_cost_the_same_work_and_answer_alike(owner, client, counted_hashing):
    """No existence oracle: a wrong password and an unknown e-mail each cost one argon2 check and
    the same answer; once throttled, both are answered with no check at all."""
    from crm_res.services.accounts.login_guard import FREE_FAILURES

    answers = set()
    for email in (OWNER_EMAIL, "ghost@sec.sa"):
        before = len(counted_hashing)
        r = login(
            TestClient(
                client.app,
                base_url="http://localhost:3000",
                follow_redirects=False,
                client=(f"10.2.0.{len(email)}", 1),
            ),
            email,
            "wrong",
        )
        answers.add((r.status_code, r.headers["location"], r.text))
        assert len(counted_hashing) == before + 1
    assert len(answers) == 1
    for email in (OWNER_EMAIL, "ghost@sec.sa"):
        for i in range(FREE_FAILURES - 1):  # with the first one: FREE_FAILURES failures
            login(
                TestClient(
                    client.app,
                    base_url="http://localhost:3000",
                    follow_redirects=False,
                    client=(f"10.3.{len(email)}.{i}", 1),
                ),
                email,
                "wrong",
            )
        before = len(counted_hashing)
        r = login(
            TestClient(
                client.app, base_url="http://localhost:3000", follow_redirects=False, client=("10.4.0.1", 1)
            ),
            email,
            "wrong",
        )
        answers.add((r.status_code, r.headers["location"], r.text))
        assert len(counted_hashing) == before  # throttled alike, known account or not
    assert len(answers) == 1


def test_failures_slow_down_progressively_but_never_lock(owner, client, redis_conn):
    """After FREE_FAILURES a stranger waits; once the (doubling, capped) delay has passed the right
    password works again: nobody can lock the owner out for half an hour."""
    from crm_res.services.accounts.login_guard import FREE_FAILURES, MAX_DELAY, delay_after, email_key

    for _ in range(FREE_FAILURES + 3):
        login(client, OWNER_EMAIL, "wrong")
    assert "crm_session" not in session_cookie(login(client, OWNER_EMAIL, OWNER_PASSWORD))
    assert delay_after(FREE_FAILURES + 50) == MAX_DELAY <= 60
    for bucket in (f"email:{email_key(OWNER_EMAIL)}", "ip:testclient"):
        redis_conn.hset("crm:login-fail:" + bucket, "last", repr(time.time() - MAX_DELAY - 1))
    assert "crm_session" in session_cookie(login(client, OWNER_EMAIL, OWNER_PASSWORD))


def test_the_delay_is_free_then_doubles_from_one_second_up_to_the_cap():
    """No wait for the first FREE_FAILURES failures; then 1, 2, 4, … seconds, never above MAX_DELAY."""
    from crm_res.services.accounts.login_guard import FREE_FAILURES, MAX_DELAY, delay_after

    assert [delay_after(n) for n in range(FREE_FAILURES)] == [0.0] * FREE_FAILURES
    assert [delay_after(FREE_FAILURES + k) for k in range(5)] == [1.0, 2.0, 4.0, 8.0, 16.0]
    assert delay_after(FREE_FAILURES + 5) == min(32.0, MAX_DELAY)
    assert delay_after(FREE_FAILURES + 6) == MAX_DELAY == 60.0


def test_each_failure_counts_once_and_the_first_ones_are_free(redis_conn):
    """Every failed check adds exactly one to its buckets: after FREE_FAILURES - 1 failures the next
    try is still checked at once, after FREE_FAILURES it must wait."""
    from crm_res.services.accounts.login_guard import FREE_FAILURES, Attempt, admit, email_key, failed

    attempt = Attempt(ip="203.0.113.9", email="Someone@Sec.sa")
    for n in range(1, FREE_FAILURES + 1):
        assert admit(attempt)
        failed(attempt)
        for bucket in (f"email:{email_key('someone@sec.sa')}", "ip:203.0.113.9"):
            assert redis_conn.hget("crm:login-fail:" + bucket, "n") == str(n).encode()
    assert not admit(attempt)


def test_the_owners_known_browser_gets_in_despite_a_strangers_failures(owner, client):
    """The owner logged in before from this browser (device cookie); a stranger then fails 20
    times on the owner's e-mail: the owner's right password from that browser still works."""
    first = login(client, OWNER_EMAIL, OWNER_PASSWORD)
    device = session_cookie(first)["crm_device"].value
    stranger = TestClient(
        client.app, base_url="http://localhost:3000", follow_redirects=False, client=("198.51.100.66", 1)
    )
    for _ in range(20):
        login(stranger, OWNER_EMAIL, "guess")
    assert "crm_session" not in session_cookie(login(stranger, OWNER_EMAIL, OWNER_PASSWORD))
    owners = TestClient(
        client.app,
        base_url="http://localhost:3000",
        follow_redirects=False,
        client=("192.0.2.10", 1),
        cookies={"crm_device": device},
    )
    assert "crm_session" in session_cookie(login(owners, OWNER_EMAIL, OWNER_PASSWORD))


def test_a_failed_login_is_audited_after_the_answer(owner, client):
    """A wrong password on a real account still leaves a user.login_failed event."""
    from sqlmodel import select

    from crm_res.db import session_scope
    from crm_res.models import Event

    login(client, OWNER_EMAIL, "wrong")
    with session_scope() as s:
        kinds = s.exec(select(Event.kind).where(Event.subject_id == str(owner["user_id"]))).all()
    assert "user.login_failed" in kinds


def test_successful_logins_do_not_use_up_the_address_limit(owner, client, monkeypatch):
    """Staff behind one address logging in at the start of a shift: successes are not counted."""
    from crm_res.settings import get_settings

    monkeypatch.setenv("LOGIN_RATE_PER_IP", "3/minute")
    get_settings.cache_clear()
    for _ in range(5):
        assert "crm_session" in session_cookie(login(client, OWNER_EMAIL, OWNER_PASSWORD))
