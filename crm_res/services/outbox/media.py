"""Inbound media (images, voice notes, documents…): fetched from the Cloud API into a local store.

The store is a folder (`<data dir>/media/<restaurant id>/`); the dashboard serves a file only to
a logged-in user who may see the message's conversation (same restaurant, and for managers and
staff one of their branches; webhook.py's /media route).
"""

from __future__ import annotations

import mimetypes
import os
from pathlib import Path

import filetype
from sqlmodel import Session

from crm_res.models import Conversation, Message, Restaurant
from crm_res.services.access import Viewer
from crm_res.services.notifications import signal_change
from crm_res.settings import get_settings, private_dir

# What the dashboard may show inline: pictures, voice notes and videos, judged by the file's own
# bytes (never by the type the customer's message declared). Everything else is downloaded.
INLINE_TYPES = frozenset(
    "image/jpeg image/png image/gif image/webp image/bmp"
    " audio/ogg audio/mpeg audio/mp4 audio/x-m4a audio/aac audio/amr audio/wav audio/x-wav audio/opus"
    " video/mp4 video/3gpp video/webm video/quicktime".split()
)


def inline_type(path: Path) -> str | None:
    """The file's media type when its content is one of INLINE_TYPES (sniffed from its first
    bytes), else None: such a file is only ever served as an attachment."""
    with path.open("rb") as f:
        head = f.read(8192)
    kind = filetype.guess(head)
    if kind is None:
        return None
    mime = {"audio/x-wav": "audio/wav", "audio/m4a": "audio/mp4"}.get(kind.mime, kind.mime)
    return mime if mime in INLINE_TYPES else None


def media_root() -> Path:
    return get_settings().data_dir / "media"


def fetch_media(*, session: Session, message_id: int) -> str:
    """Download the message's media once; returns what happened."""
    from crm_res.services.outbox.sending import _client

    message = session.get(Message, message_id)
    if message is None or not message.media_id:
        return "no media"
    if message.media_path:
        return "already stored"
    restaurant = session.get(Restaurant, message.restaurant_id)
    assert restaurant is not None
    settings = get_settings()
    token = restaurant.whatsapp_access_token or settings.whatsapp_access_token
    if not token:
        return "sandbox: media is not fetched"
    client = _client(token, settings.whatsapp_graph_url)
    info = client.get_media(message.media_id)
    data = client.download_media(info.url)
    mime = info.mime_type or message.media_mime or "application/octet-stream"
    ext = mimetypes.guess_extension(mime.split(";")[0].strip()) or ".bin"
    folder = private_dir(media_root() / str(message.restaurant_id))
    path = folder / f"{message.id}{ext}"
    tmp = path.with_suffix(path.suffix + ".part")
    # Customers' files are readable by this user only (0600 from creation).
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    tmp.replace(path)  # atomic: a crash never leaves a half file under the final name
    message.media_path = str(path.relative_to(media_root()))
    message.media_mime = mime
    session.add(message)
    signal_change(
        session, message.restaurant_id, "media"
    )  # open threads swap the placeholder for the preview
    return f"stored {len(data)} bytes"


def media_file(*, session: Session, viewer: Viewer, message_id: int) -> tuple[Path, str] | None:
    """The stored file of a message the viewer may see (restaurant and branch), or None."""
    message = session.get(Message, message_id)
    if message is None or message.restaurant_id != viewer.restaurant_id or not message.media_path:
        return None
    conversation = session.get(Conversation, message.conversation_id)
    if conversation is None or not viewer.can_see_branch(conversation.branch_id):
        return None
    path = media_root() / message.media_path
    return (path, message.media_mime or "application/octet-stream") if path.is_file() else None
