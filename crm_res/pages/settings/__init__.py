"""Settings: importing the package registers the page (page.py); one module per tab."""

from .page import settings_page

__all__ = ["settings_page"]
