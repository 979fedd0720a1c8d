"""The server-side session store on a real Redis (services/accounts/sessions.py): what a session's
keys hold and how long they live, how use renews the idle time but never past the absolute limit,
and how many sessions "log out everywhere" ends (found by mutation testing, docs/MUTATION.md)."""

from __future__ import annotations

import hashlib
import time
import uuid


def _key(token: str) -> str:
    return "crm:session:" + hashlib.sha256(token.encode()).hexdigest()


def _limits() -> tuple[int, int]:
    from crm_res.settings import get_settings

    s = get_settings()
    return s.session_idle_minutes * 60, s.session_absolute_hours * 3600


def test_an_opened_session_holds_its_user_mark_and_time_and_lives_its_idle_span(redis_conn):
    """The token's hashed key holds the user, the password mark and the opening time; it lives the
    idle span, and the user's list of sessions lives the absolute span."""
    from crm_res.services.accounts import sessions

    idle, absolute = _limits()
    assert idle < absolute
    user = uuid.uuid4()
    before = time.time()
    token = sessions.open_session(user_id=user, password_mark="mark-1")
    data = redis_conn.hgetall(_key(token))
    assert data[b"uid"].decode() == str(user) and data[b"pw"] == b"mark-1"
    assert before <= float(data[b"created"]) <= time.time()
    assert idle - 5 <= redis_conn.ttl(_key(token)) <= idle
    assert absolute - 5 <= redis_conn.ttl(f"crm:user-sessions:{user}") <= absolute
    assert redis_conn.smembers(f"crm:user-sessions:{user}") == {_key(token).encode()}
    found = sessions.lookup(token)
    assert found is not None and (found.user_id, found.password_mark) == (user, "mark-1")


def test_use_renews_the_idle_span_but_not_past_the_absolute_limit(redis_conn):
    """A lookup sets the key's life back to the idle span (plus a second); near the absolute
    limit, only to what is left of it."""
    from crm_res.services.accounts import sessions

    idle, absolute = _limits()
    token = sessions.open_session(user_id=uuid.uuid4(), password_mark="m")
    redis_conn.expire(_key(token), 5)
    assert sessions.lookup(token) is not None
    assert idle - 5 <= redis_conn.ttl(_key(token)) <= idle + 1
    left = 120  # opened so long ago that two minutes of its absolute span remain
    redis_conn.hset(_key(token), "created", repr(time.time() - absolute + left))
    assert sessions.lookup(token) is not None
    assert left - 5 <= redis_conn.ttl(_key(token)) <= left + 1


def test_tokens_that_cannot_be_sessions_open_nothing(redis_conn):
    """An empty or over-long token, an unknown one, and a key whose fields are damaged: no session."""
    from crm_res.services.accounts import sessions

    assert sessions.lookup("") is None
    assert sessions.lookup("x" * 201) is None
    assert sessions.lookup("never-issued") is None
    token = sessions.open_session(user_id=uuid.uuid4(), password_mark="m")
    redis_conn.hdel(_key(token), "pw")
    assert sessions.lookup(token) is None
    other = sessions.open_session(user_id=uuid.uuid4(), password_mark="m")
    redis_conn.hset(_key(other), "uid", "not-a-uuid")
    assert sessions.lookup(other) is None


def test_log_out_everywhere_ends_each_open_session_and_says_how_many(redis_conn):
    """Two open sessions and one already ended: "log out everywhere" says 2, ends both, and then 0;
    another user's session goes on; ending an empty token does nothing."""
    from crm_res.services.accounts import sessions

    user, other = uuid.uuid4(), uuid.uuid4()
    first = sessions.open_session(user_id=user, password_mark="m")
    second = sessions.open_session(user_id=user, password_mark="m")
    ended = sessions.open_session(user_id=user, password_mark="m")
    theirs = sessions.open_session(user_id=other, password_mark="m")
    sessions.close_session(ended)
    sessions.close_session("")
    assert sessions.lookup(ended) is None and sessions.lookup(first) is not None
    assert sessions.close_all_sessions(user) == 2
    assert sessions.lookup(first) is None and sessions.lookup(second) is None
    assert sessions.close_all_sessions(user) == 0
    assert sessions.lookup(theirs) is not None


def test_a_session_lives_to_its_last_second_and_not_past_it(redis_conn):
    """With the clock frozen: a session is still good half a second before its absolute limit (use
    renews it for what is left, rounded up, so the next request finds it), and ends at the limit
    itself, its key deleted."""
    from datetime import UTC, datetime, timedelta

    import time_machine

    from crm_res.services.accounts import sessions

    _, absolute = _limits()
    opened = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)  # a whole second: `created + absolute` is exact
    with time_machine.travel(opened, tick=False):
        token = sessions.open_session(user_id=uuid.uuid4(), password_mark="m")
    limit = opened + timedelta(seconds=absolute)
    with time_machine.travel(limit - timedelta(seconds=1.5), tick=False):
        found = sessions.lookup(token)
        assert found is not None and found.created == opened.timestamp()
        assert sessions.lookup(token) is not None  # renewed for 2 s, not ended
    with time_machine.travel(limit - timedelta(seconds=0.5), tick=False):
        assert sessions.lookup(token) is not None
    with time_machine.travel(limit, tick=False):
        assert sessions.lookup(token) is None
    assert not redis_conn.exists(_key(token))


def test_tokens_up_to_two_hundred_characters_are_looked_up_and_longer_ones_never(redis_conn):
    """The length cap (which spares hashing a huge cookie) is exactly 200: a session stored under a
    200-character token opens, one stored under a 201-character token does not."""
    from crm_res.services.accounts import sessions

    token = sessions.open_session(user_id=uuid.uuid4(), password_mark="m")
    fields = redis_conn.hgetall(_key(token))
    for length in (200, 201):
        redis_conn.hset(_key("t" * length), mapping=fields)
    assert sessions.lookup("t" * 200) is not None
    assert sessions.lookup("t" * 201) is None


def test_log_out_everywhere_also_forgets_the_users_list_of_sessions(redis_conn):
    """After "log out everywhere" nothing of the user is left in Redis: their list of sessions goes too."""
    from crm_res.services.accounts import sessions

    user = uuid.uuid4()
    token = sessions.open_session(user_id=user, password_mark="m")
    assert redis_conn.exists(f"crm:user-sessions:{user}")
    assert sessions.close_all_sessions(user) == 1
    assert not redis_conn.exists(f"crm:user-sessions:{user}") and not redis_conn.exists(_key(token))
