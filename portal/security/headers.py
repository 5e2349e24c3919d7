"""Security headers on every response; no caching of pages with personal data."""

from __future__ import annotations

from flask import current_app, request
from flask_login import current_user

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


def set_security_headers(response):
    """after_request: CSP, frame denial, nosniff, referrer and permissions policy, HSTS."""
    headers = response.headers
    # Stored files set their own, stricter policy (default-src 'none'; sandbox).
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers["X-Frame-Options"] = "DENY"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "same-origin"
    headers["Permissions-Policy"] = PERMISSIONS_POLICY
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if current_app.config.get("ENV_NAME") == "production":
        headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    if request.endpoint != "static" and (current_user.is_authenticated or request.endpoint in _PRIVATE_ANONYMOUS):
        # Personal data must not stay in shared browser caches or proxies.
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    return response


# Pages seen before a full login that still carry personal data or secrets.
_PRIVATE_ANONYMOUS = frozenset({"security.second_step", "auth.activate", "auth.reset_password"})
