"""Simulated dashboard users for the benches: the login form, then Reflex's own event protocol.

Each user does what a person at the dashboard does, on the app's public port:
- logs in the way the login page does: a form POST to `/auth/login` (the password hash runs in
  the dashboard process), which answers 303 with the HttpOnly session cookie;
- opens the inbox in a tab that stays open: a socket.io connection (as the browser's socket.io
  client speaks it) sending the cookie in its handshake, whose page mounts the live anchors
  (`InboxState.live_watch`, `ThreadState.live_watch`: the page wakes on the live signal (Redis pub/sub) and
  reloads its rows, as an open inbox does);
- clicks on another socket: opens the conversation list, opens one conversation, types a reply
  (a few draft updates, as the composer sends them), reads for half a second, and again; every
  `relogin` rounds it logs in anew (a session ending, a second device).
Every click's time from emit to the state update that answers it is recorded, and the log in's
from the POST to its answer. A browser also fetches the page and its scripts once; those are
static files, cheap beside the events.
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field


@dataclass
class DashboardLoad:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: int = 0
    timeouts: int = 0
    rounds: int = 0
    logins: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, kind: str, seconds: float) -> None:
        self.latencies.setdefault(kind, []).append(seconds)


def _state_names() -> dict[str, str]:
    """The full state names the frontend uses (computed, so a renamed state cannot go unnoticed)."""
    from crm_res.pages.conversations.inbox import InboxState
    from crm_res.pages.conversations.thread_state import ThreadState

    return {"inbox": InboxState.get_full_name(), "thread": ThreadState.get_full_name()}


def log_in(port: int, email: str, password: str) -> str:
    """The login form's POST; the session cookie's value (raises when the login failed)."""
    import httpx

    response = httpx.post(
        f"http://127.0.0.1:{port}/auth/login",
        data={"email": email, "password": password},
        follow_redirects=False,
        timeout=30,
    )
    token = response.cookies.get("crm_session")
    if response.status_code != 303 or not token:
        raise RuntimeError(f"log in refused: {response.status_code} {response.headers.get('location')}")
    return token


class _Tab:
    """One browser tab: a socket.io connection with the session cookie and a tab token of its own."""

    def __init__(self, port: int, session: str) -> None:
        import socketio

        self.token = str(uuid.uuid4())
        self.answered = threading.Event()
        self.client = socketio.Client(reconnection=False)
        self.client.on("event", lambda *_: self.answered.set(), namespace="/_event")
        self.client.connect(
            f"http://127.0.0.1:{port}?token={self.token}",
            headers={"Cookie": f"crm_session={session}"},
            namespaces=["/_event"],
            socketio_path="_event",
            transports=["websocket"],
            wait_timeout=10,
        )

    def emit(self, name: str, path: str, payload: dict | None = None, query: dict | None = None) -> None:
        router = {
            "pathname": path,
            "asPath": path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""),
        }
        if query:
            router["query"] = query
        self.answered.clear()
        self.client.emit(
            "event",
            {"name": name, "payload": payload or {}, "token": self.token, "router_data": router},
            namespace="/_event",
        )

    def close(self) -> None:
        self.client.disconnect()


def _user(
    port: int,
    email: str,
    password: str,
    conversation_ids: list[str],
    until: float,
    result: DashboardLoad,
    lock: threading.Lock,
    index: int,
    relogin: int,
) -> None:
    names = _state_names()
    inbox, thread = names["inbox"], names["thread"]
    tabs: list[_Tab] = []

    def timed(
        kind: str, tab: _Tab, name: str, path: str, payload: dict | None = None, query: dict | None = None
    ) -> None:
        t0 = time.perf_counter()
        tab.emit(name, path, payload, query)
        if tab.answered.wait(10):
            with lock:
                result.add(kind, time.perf_counter() - t0)
        else:
            with lock:
                result.timeouts += 1

    def login() -> str:
        t0 = time.perf_counter()
        session = log_in(port, email, password)
        with lock:
            result.add("log in (form POST, password hash)", time.perf_counter() - t0)
            result.logins += 1
        return session

    try:
        i = index
        while time.monotonic() < until:
            for tab in tabs:
                tab.close()
            session = login()
            # The inbox left open: its live anchors run until the tab closes (next log in).
            live = _Tab(port, session)
            live.emit(f"{inbox}.load", "/conversations")
            live.emit(f"{inbox}.live_watch", "/conversations")
            live.emit(f"{thread}.live_watch", "/conversations")
            clicks = _Tab(port, session)
            tabs = [live, clicks]
            for _ in range(relogin):
                if time.monotonic() >= until:
                    break
                timed("open the conversation list", clicks, f"{inbox}.load", "/conversations")
                cid = conversation_ids[i % len(conversation_ids)]
                timed(
                    "open a conversation", clicks, f"{thread}.load_thread", "/conversation", query={"id": cid}
                )
                for typed in ("تمام", "تمام، طلبك", "تمام، طلبك في الطريق"):
                    timed(
                        "type a reply",
                        clicks,
                        f"{thread}.set_draft",
                        "/conversation",
                        {"value": typed},
                        {"id": cid},
                    )
                i += 1
                with lock:
                    result.rounds += 1
                time.sleep(0.5)  # a person reads before the next click
    except Exception as exc:  # noqa: BLE001 - counted: a user whose session broke
        with lock:
            result.errors += 1
            result.failures.append(f"{type(exc).__name__}: {exc}"[:200])
    finally:
        for tab in tabs:
            tab.close()


def run_users(
    port: int,
    users: int,
    seconds: float,
    email: str,
    password: str,
    conversation_ids: list[str],
    relogin: int = 10,
) -> DashboardLoad:
    """`users` simulated dashboard users for `seconds`; blocks until they are done."""
    result, lock = DashboardLoad(), threading.Lock()
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(
            target=_user,
            args=(port, email, password, conversation_ids, until, result, lock, i, relogin),
            daemon=True,
        )
        for i in range(users)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 30)
    return result
