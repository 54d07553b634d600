"""What the dashboard's web server refuses before Dash sees a request (issue #18).

- a body larger than :data:`MAX_BODY_BYTES` (413), checked from ``Content-Length`` and enforced on
  the read by Flask's ``MAX_CONTENT_LENGTH``;
- a ``Host`` header naming anything but this machine's loopback names or the ``--host`` given (400),
  so a page on another site cannot reach the dashboard through DNS rebinding;
- and every answer carries a Content-Security-Policy Dash works under, ``X-Frame-Options: DENY`` and
  ``X-Content-Type-Options: nosniff``.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from flask import Flask, Response, request

# The largest legitimate request is an upload of a 5,000,000-byte requirements file (selector.yamlio
# LIMITS), which travels base64-encoded inside a JSON callback body: about 6.7 MB.
MAX_BODY_BYTES = 8 * 1024 * 1024
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
WILDCARD_HOSTS = ("0.0.0.0", "::", "")
# Dash's renderer runs an inline bootstrap script and plotly.js evaluates generated code; everything is
# served by this server (no CDN), nothing may frame the page, and no plugin or foreign form target.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def host_name(header: str) -> str:
    """The host of a ``Host`` header, without port or IPv6 brackets, lower-cased.

    >>> host_name("127.0.0.1:8050"), host_name("[::1]:8050"), host_name("LocalHost"), host_name("evil.example:80")
    ('127.0.0.1', '::1', 'localhost', 'evil.example')
    """
    value = header.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value
    if value.count(":") == 1:
        value = value.split(":", 1)[0]
    return value.rstrip(".")


def allowed_hosts(bind: str | None = None, extra: Iterable[str] = ()) -> frozenset[str] | None:
    """The Host names accepted: loopback names plus the address bound to; ``None`` (any) when the
    server listens on every interface (``--allow-remote`` on 0.0.0.0), where no list can be known."""
    if bind is not None and bind.strip("[]") in WILDCARD_HOSTS:
        return None
    names = {*LOOPBACK_HOSTS, *(host_name(h) for h in extra)}
    if bind:
        names.add(host_name(bind if not _is_ipv6(bind) else f"[{bind.strip('[]')}]"))
    return frozenset(names)


def _is_ipv6(value: str) -> bool:
    try:
        return ipaddress.ip_address(value.strip("[]")).version == 6
    except ValueError:
        return False


def install(server: Flask, hosts: frozenset[str] | None) -> None:
    """Add the limits and headers above to a Flask server."""
    server.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES

    @server.before_request
    def _refuse():  # type: ignore[no-untyped-def]
        if hosts is not None and host_name(request.host or "") not in hosts:
            return Response("Host not allowed: open the dashboard at http://127.0.0.1 (or the --host it was "
                            "started with).\n", status=400, mimetype="text/plain")
        if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
            return Response(f"Request body larger than {MAX_BODY_BYTES:,} bytes.\n", status=413, mimetype="text/plain")
        return None

    @server.after_request
    def _headers(response: Response) -> Response:
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        return response
