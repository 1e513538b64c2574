"""What is web-specific about logging in: the login form's CSRF token, cookies, and the client's address.

Accounts, sessions and login throttling live in the record (bot.store.accounts).

Login CSRF (a signed double-submit token): GET /login gives the browser a random nonce in an
HttpOnly, SameSite=Strict cookie (``__Host-`` prefixed when cookies are Secure, so no other
site or subdomain can plant one) and puts HMAC(key, nonce) in the form. POST /login is taken
only with both, matching. Another site's page can neither read that cookie nor have the
browser send it, so it cannot log a victim into the attacker's account. The key lives in the
web app's process: after a restart, a form left open is refused once, and shown again ready.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
import secrets
from typing import Iterable, Optional

from aiohttp import web

LOGIN_FORM_LIFETIME = 12 * 3600  # seconds a login page's cookie lasts
_NONCE = re.compile(r"[A-Za-z0-9_-]{32}")


def read_cookie(request, name: str) -> Optional[str]:
    """One cookie, read on its own: aiohttp's SimpleCookie fails on a whole header for one odd cookie
    of another app on this host (「a)b=1」 was a plain-text 500, 「a"b=2」 silently dropped the session)."""
    for pair in "; ".join(request.headers.getall("Cookie", [])).split(";"):
        key, _, value = pair.strip().partition("=")
        if key == name:
            return value
    return None


class LoginForms:
    """Issues and checks the login form's CSRF token (see the module's description)."""

    def __init__(self, secure_cookies: bool):
        self.key = secrets.token_bytes(32)
        self.secure = secure_cookies
        self.cookie = "__Host-banso_login" if secure_cookies else "banso_login"

    def nonce(self, request) -> str:
        """The browser's nonce, or a new one."""
        sent = read_cookie(request, self.cookie)
        return sent if sent and _NONCE.fullmatch(sent) else secrets.token_urlsafe(24)

    def token(self, nonce: str) -> str:
        return hmac.new(self.key, b"login:" + nonce.encode(), hashlib.sha256).hexdigest()

    def ok(self, request, sent) -> bool:
        nonce = read_cookie(request, self.cookie)
        return (isinstance(sent, str) and bool(nonce) and bool(_NONCE.fullmatch(nonce or ""))
                and hmac.compare_digest(self.token(nonce).encode(), sent.encode("utf-8", "surrogatepass")))

    def give(self, response: web.StreamResponse, nonce: str) -> None:
        response.set_cookie(self.cookie, nonce, httponly=True, samesite="Strict", secure=self.secure,
                            max_age=LOGIN_FORM_LIFETIME, path="/")

    def forget(self, response: web.StreamResponse) -> None:
        # set_cookie, not del_cookie: a __Host- cookie is only replaced by one that is Secure as well
        response.set_cookie(self.cookie, "", max_age=0, expires="Thu, 01 Jan 1970 00:00:00 GMT", httponly=True,
                            samesite="Strict", secure=self.secure, path="/")


def client_address(request, trusted_proxies: Iterable[str] = ()) -> Optional[str]:
    """The client's address: the socket's peer (request.remote), never a header anyone could write.

    Only when the peer is one of ``trusted_proxies`` (BANSO_TRUSTED_PROXIES, a reverse proxy that
    appends the client to X-Forwarded-For) is the header read: from its right end, skipping the
    trusted proxies, the first other address is the client.
    """
    peer = request.remote
    trusted = set(trusted_proxies)
    if not trusted or peer not in trusted:
        return peer
    hops = [hop.strip() for hop in ",".join(request.headers.getall("X-Forwarded-For", [])).split(",")]
    for hop in reversed(hops):
        if hop in trusted:
            continue
        try:
            return str(ipaddress.ip_address(hop))
        except ValueError:
            return peer  # a malformed hop: believe only the socket
    return peer
