"""Headers and limits that protect the page and the server.

The Content-Security-Policy allows scripts, styles and requests from this
origin only: no inline script, no remote origin. Article text is shown with
textContent in the page, and the policy is the second wall should that ever
slip. Request bodies over the limit are refused with 413 before they are read.

The Host header is checked against the names the server answers to, so a page
on another site whose name was re-pointed at this machine (DNS rebinding)
cannot read a local server: IP addresses and ``localhost`` are always allowed
(a rebinding page cannot send them), other names only when given with
``--allow-host``.
"""
from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterable
from typing import Any

LOCAL_NAMES = frozenset({"localhost"})

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 100 * 1024 else f"{n} bytes"


def host_name(host: str) -> str:
    """The name in a Host header, without its port: "[::1]:8000" → "::1", "Example.org:80" → "example.org"."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class HostCheck:
    """Which Host headers the server answers: IP addresses, localhost, and the names it was given."""

    def __init__(self, allowed: Iterable[str] = ()):
        names = {host_name(a) for a in allowed if a and a.strip()}
        self.any = "*" in names
        self.names = frozenset(names - {"*"}) | LOCAL_NAMES

    def __call__(self, host: str | None) -> bool:
        if self.any or host is None:
            return True
        name = host_name(host)
        return _is_ip(name) or name in self.names or name.endswith(".localhost")


class SecurityMiddleware:
    """Adds the security headers to every response, checks the Host header and caps request bodies."""

    def __init__(self, app: Any, max_body: int, allowed_hosts: Iterable[str] = ()):
        self.app = app
        self.max_body = max_body
        self.hosts = HostCheck(allowed_hosts)

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = dict(scope.get("headers", [])).get(b"host")
        if not self.hosts(host.decode("latin-1") if host is not None else None):
            await self._refuse_host(send, host.decode("latin-1", "replace") if host else "")
            return

        refused = False

        async def send_with_headers(message: dict) -> None:
            if refused:  # the 413 has gone out; whatever the app says after is dropped
                return
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    h for h in HEADERS if h[0] not in names]
            await send(message)

        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            await self._too_large(send_with_headers, int(length))
            return

        seen = 0

        async def counting_receive() -> dict:
            # A body sent without Content-Length (chunked) is counted as it comes.
            nonlocal seen, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    await self._too_large(send_with_headers, seen)
                    refused = True
                    return {"type": "http.disconnect"}
            return message

        await self.app(scope, counting_receive, send_with_headers)

    async def _too_large(self, send: Any, size: int) -> None:
        body = json.dumps({"error": {
            "status": 413,
            "message": f"the request body is too large ({_megabytes(size)} or more); "
                       f"the limit is {_megabytes(self.max_body)} per request: "
                       "split the upload into smaller files",
        }}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    async def _refuse_host(self, send: Any, host: str) -> None:
        name = host_name(host)[:200]
        body = json.dumps({"error": {
            "status": 421,
            "message": f"this server does not answer to the name {name!r} (a page on another site may be "
                       f"trying to read it); if that name is really this server, start it with "
                       f"--allow-host {name}",
        }}).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 421, "headers": headers + HEADERS})
        await send({"type": "http.response.body", "body": body})
