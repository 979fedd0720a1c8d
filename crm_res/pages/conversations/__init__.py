"""Conversations: importing the package registers the inbox pages (page.py). The list (inbox.py), the
open thread's state (thread_state.py) and view (thread.py, composer.py) and the keyboard shortcuts
(shortcuts.py) are modules of their own, each list and thread with its own substate."""

from .page import conversation_page, conversations_page

__all__ = ["conversation_page", "conversations_page"]
