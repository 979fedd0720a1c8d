"""Which receiver URLs outgoing webhooks may reach: http(s) only, and no private, loopback,
link-local or otherwise internal address (SSRF) unless WEBHOOK_ALLOW_PRIVATE_URLS is set."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from crm_res.settings import get_settings


class UnsafeUrl(ValueError):
    """The URL may not be called (its text is fit to show)."""


def _internal(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def check_url(url: str, *, resolve: bool = True) -> str:
    """The URL, stripped, if outgoing webhooks may call it; else UnsafeUrl saying why.

    `resolve`: look the host name up and check every address it has (at delivery time too, so a
    name that later points inside is refused then)."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeUrl("the URL must start with https:// (or http://) and name a host")
    if parts.username or parts.password:
        raise UnsafeUrl("the URL must not carry a user name or password")
    if len(url) > 2000:
        raise UnsafeUrl("the URL is too long")
    if get_settings().webhook_allow_private_urls or not resolve:
        return url
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except OSError as exc:
        raise UnsafeUrl(f"the host {parts.hostname} could not be found") from exc
    for info in infos:
        if _internal(ipaddress.ip_address(info[4][0])):
            raise UnsafeUrl("the URL points to a private or local address")
    return url
