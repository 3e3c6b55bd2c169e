"""Headers and limits that protect the page and the server.

The Content-Security-Policy allows scripts, styles and requests from this
origin only: no inline script, no remote origin. Article text is shown with
textContent in the page, and the policy is the second wall should that ever
slip. Request bodies over the limit are refused with 413 before they are read.
"""
from __future__ import annotations

import json
from typing import Any

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


class SecurityMiddleware:
    """Adds the security headers to every response and caps request bodies."""

    def __init__(self, app: Any, max_body: int):
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
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

