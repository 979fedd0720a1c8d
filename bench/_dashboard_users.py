"""Simulated dashboard users for the benches: Reflex's own event protocol over its websocket.

Each user is a socket.io client (python-socketio, as the browser's socket.io client speaks it) on
the app's public port, with a session token of its own. In a loop until the deadline it logs in
(the password hash), opens the conversation list, opens one conversation and types a reply draft;
every event's time from emit to the state update that answers it is recorded. A browser would
also fetch the page and its scripts once; those are static files, cheap beside the events.
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

    def add(self, kind: str, seconds: float) -> None:
        self.latencies.setdefault(kind, []).append(seconds)


def _state_names() -> tuple[str, str, str]:
    """The full state names the frontend uses (computed, so a renamed state cannot go unnoticed)."""
    from crm_res.pages.conversations import ConversationsState, ThreadState
    from crm_res.state.auth import AuthState

    return AuthState.get_full_name(), ConversationsState.get_full_name(), ThreadState.get_full_name()


def _user(port: int, email: str, password: str, conversation_ids: list[str], until: float, result: DashboardLoad,
          lock: threading.Lock, index: int) -> None:  # fmt: skip
    import socketio

    auth, conversations, thread = _state_names()
    token = str(uuid.uuid4())
    answered = threading.Event()
    client = socketio.Client(reconnection=False)
    client.on("event", lambda *_: answered.set(), namespace="/_event")

    def call(kind: str, name: str, payload: dict, path: str, query: dict | None = None) -> None:
        answered.clear()
        router = {
            "pathname": path,
            "asPath": path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""),
        }
        if query:
            router["query"] = query
        t0 = time.perf_counter()
        client.emit("event", {"name": name, "payload": payload, "token": token, "router_data": router},
                    namespace="/_event")  # fmt: skip
        if answered.wait(10):
            with lock:
                result.add(kind, time.perf_counter() - t0)
        else:
            with lock:
                result.timeouts += 1

    try:
        client.connect(f"http://127.0.0.1:{port}?token={token}", namespaces=["/_event"], socketio_path="_event",
                       transports=["websocket"], wait_timeout=10)  # fmt: skip
        i = index
        while time.monotonic() < until:
            call("log in", f"{auth}.login", {"form": {"email": email, "password": password}}, "/login")
            call("open the conversation list", f"{conversations}.load", {}, "/conversations")
            cid = conversation_ids[i % len(conversation_ids)]
            call("open a conversation", f"{thread}.load_thread", {}, "/conversation", {"id": cid})
            call(
                "type a reply",
                f"{thread}.set_draft",
                {"value": "تمام، طلبك في الطريق"},
                "/conversation",
                {"id": cid},
            )
            i += 1
            with lock:
                result.rounds += 1
            time.sleep(0.5)  # a person reads before the next click
    except Exception:  # noqa: BLE001 - counted: a user whose session broke
        with lock:
            result.errors += 1
    finally:
        client.disconnect()


def run_users(port: int, users: int, seconds: float, email: str, password: str,
              conversation_ids: list[str]) -> DashboardLoad:  # fmt: skip
    """`users` simulated dashboard users for `seconds`; blocks until they are done."""
    result, lock = DashboardLoad(), threading.Lock()
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=_user, args=(port, email, password, conversation_ids, until, result, lock, i),
                                daemon=True) for i in range(users)]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 30)
    return result
