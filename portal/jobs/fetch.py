"""Fetching a vacancy page a candidate pasted, safely (no requests into our own network).

Every hop: http(s) only, ports 80/443, the host name resolved here and *every* address it
resolves to must be public; the connection then goes to the checked address (the name is
kept for the Host header and TLS), so a second DNS answer cannot point elsewhere. Redirects
are followed by hand, at most three, each checked again. Small size, short timeouts, and
a total deadline with a minimum transfer rate: a server that trickles one byte at a time
cannot hold a worker for longer than DEADLINE_SECONDS.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

import httpx

MAX_BYTES = 1_000_000
MAX_REDIRECTS = 3
TIMEOUT = httpx.Timeout(5.0, connect=3.0)
DEADLINE_SECONDS = 10.0  # the whole fetch, every redirect included
MIN_BYTES_PER_SECOND = 2000  # after the first second of the body
RATE_GRACE_SECONDS = 1.0
TOO_SLOW = "De website reageert niet of te traag. Plak anders de tekst van de pagina."
USER_AGENT = "TweedeSpoorOnline/1.0 (vacature lezen op verzoek van een kandidaat)"


class FetchError(Exception):
    """A Dutch message for the candidate: why we did not (or could not) read the page."""


Resolver = Callable[[str, int], list[str]]


def system_resolver(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchError("Deze website kunnen we niet vinden. Klopt de link?") from None
    return [info[4][0] for info in infos]


def is_public_address(address: str) -> bool:
    """False for loopback, private, link-local, multicast, reserved, unspecified (v4 and v6)."""
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None and not is_public_address(str(embedded)):
            return False
    blocked = (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
               or ip.is_reserved or ip.is_unspecified)
    if isinstance(ip, ipaddress.IPv6Address):
        blocked = blocked or ip.is_site_local
    return not blocked and ip.is_global


def check_url(url: str, resolver: Resolver) -> tuple[httpx.URL, str]:
    """Validate one hop; returns the URL and the checked address to connect to."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise FetchError("Dit is geen geldige link.") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("Alleen links die met http:// of https:// beginnen kunnen we lezen.")
    if parts.username or parts.password:
        raise FetchError("Links met een gebruikersnaam of wachtwoord lezen we niet.")
    default = 443 if parts.scheme == "https" else 80
    if port not in (None, 80, 443):
        raise FetchError("Deze link gebruikt een ongebruikelijke poort; die lezen we niet.")
    addresses = resolver(parts.hostname, port or default)
    if not addresses or not all(is_public_address(a) for a in addresses):
        raise FetchError("Deze link wijst naar een intern of afgeschermd adres; die lezen we niet.")
    return httpx.URL(url.strip()), addresses[0]


def _timeout(left: float) -> httpx.Timeout:
    """Per-operation timeouts, never beyond what is left of the deadline."""
    return httpx.Timeout(min(TIMEOUT.read, left), connect=min(TIMEOUT.connect, left))


def fetch_page(url: str, *, transport: httpx.BaseTransport | None = None, resolver: Resolver | None = None,
               deadline: float = DEADLINE_SECONDS, min_rate: float = MIN_BYTES_PER_SECOND) -> str:
    """The page's text (at most ~1 MB), or FetchError with a message for the candidate."""
    resolver = resolver or system_resolver
    started = time.monotonic()

    def left() -> float:
        remaining = deadline - (time.monotonic() - started)
        if remaining <= 0:
            raise FetchError(TOO_SLOW)
        return remaining
    with httpx.Client(transport=transport, follow_redirects=False, timeout=TIMEOUT,
                      headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/ld+json,*/*;q=0.5"}) as client:
        for _hop in range(MAX_REDIRECTS + 1):
            target, address = check_url(url, resolver)
            pinned = target.copy_with(host=address)
            request = client.build_request(
                "GET", pinned, headers={"Host": target.netloc.decode("ascii")},
                extensions={"sni_hostname": target.host}, timeout=_timeout(left()),
            )
            try:
                response = client.send(request, stream=True)
            except httpx.HTTPError:
                raise FetchError(TOO_SLOW) from None
            try:
                if response.is_redirect:
                    location = response.headers.get("location", "")
                    if not location:
                        raise FetchError("De website stuurt door zonder adres.")
                    url = urljoin(str(target), location)
                    continue
                if response.status_code >= 400:
                    raise FetchError(f"De website gaf een foutmelding ({response.status_code}).")
                body = bytearray()
                body_started = time.monotonic()
                for chunk in response.iter_bytes():
                    body.extend(chunk)
                    if len(body) > MAX_BYTES:
                        raise FetchError("Deze pagina is te groot om te lezen. Plak anders de tekst.")
                    left()
                    receiving = time.monotonic() - body_started
                    if receiving > RATE_GRACE_SECONDS and len(body) < min_rate * receiving:
                        raise FetchError(TOO_SLOW)
                return body.decode(response.encoding or "utf-8", errors="replace")
            except httpx.HTTPError:
                raise FetchError(TOO_SLOW) from None
            finally:
                response.close()
    raise FetchError("De website stuurt te vaak door; die lezen we niet.")
