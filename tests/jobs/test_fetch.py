"""Fetching a pasted link: public addresses only, also after redirects; never the network."""

from __future__ import annotations

import httpx
import pytest

from portal.jobs.fetch import FetchError, fetch_page, is_public_address

PUBLIC = "93.184.216.34"


def resolver(table):
    def resolve(host, port):
        return table[host]

    return resolve


@pytest.mark.parametrize("address", [
    "127.0.0.1", "10.0.0.5", "172.16.3.4", "192.168.1.1", "169.254.169.254", "0.0.0.0", "224.0.0.1",
    "100.64.1.1", "240.0.0.1", "::1", "::", "fe80::1", "fc00::1", "ff02::1", "::ffff:10.0.0.1", "2002:7f00:1::1",
])
def test_non_public_addresses_are_refused(address):
    assert not is_public_address(address)


def test_public_addresses_pass():
    assert is_public_address(PUBLIC) and is_public_address("2606:2800:220:1:248:1893:25c8:1946")


def test_fetches_public_page_through_checked_address():
    seen = []

    def handler(request):
        seen.append((request.url.host, request.headers["host"]))
        return httpx.Response(200, html="<html><title>Vacature</title></html>")

    page = fetch_page("https://werk.example.nl/vacature/1", transport=httpx.MockTransport(handler),
                      resolver=resolver({"werk.example.nl": [PUBLIC]}))
    assert "Vacature" in page
    assert seen == [(PUBLIC, "werk.example.nl")]


@pytest.mark.parametrize("url, table", [
    ("http://intern.example/", {"intern.example": ["10.1.2.3"]}),
    ("http://localhost/", {"localhost": ["127.0.0.1"]}),
    ("http://v6.example/", {"v6.example": ["::1"]}),
    ("http://mixed.example/", {"mixed.example": [PUBLIC, "192.168.0.1"]}),  # every address counts
])
def test_private_targets_are_refused(url, table):
    def handler(request):  # pragma: no cover - must never be reached
        raise AssertionError("request sent")

    with pytest.raises(FetchError, match="intern"):
        fetch_page(url, transport=httpx.MockTransport(handler), resolver=resolver(table))


@pytest.mark.parametrize("url", [
    "ftp://example.nl/x", "file:///etc/passwd", "http://example.nl:8080/", "https://user:pw@example.nl/",
    "javascript:alert(1)", "http://[::1", "gopher://example.nl/",
])
def test_bad_links_are_refused(url):
    with pytest.raises(FetchError):
        fetch_page(url, transport=httpx.MockTransport(lambda r: httpx.Response(200)),
                   resolver=resolver({"example.nl": [PUBLIC]}))


def test_redirect_to_private_address_is_refused():
    def handler(request):
        return httpx.Response(302, headers={"location": "http://metadata.internal/latest"})

    with pytest.raises(FetchError, match="intern"):
        fetch_page("https://werk.example.nl/", transport=httpx.MockTransport(handler),
                   resolver=resolver({"werk.example.nl": [PUBLIC], "metadata.internal": ["169.254.169.254"]}))


def test_redirects_are_followed_up_to_three():
    hops = []

    def handler(request):
        hops.append(request.url.path)
        if len(hops) < 3:
            return httpx.Response(301, headers={"location": f"/stap{len(hops)}"})
        return httpx.Response(200, text="klaar")

    assert fetch_page("https://werk.example.nl/", transport=httpx.MockTransport(handler),
                      resolver=resolver({"werk.example.nl": [PUBLIC]})) == "klaar"

    def loop(request):
        return httpx.Response(302, headers={"location": "/weer"})

    with pytest.raises(FetchError, match="te vaak"):
        fetch_page("https://werk.example.nl/", transport=httpx.MockTransport(loop),
                   resolver=resolver({"werk.example.nl": [PUBLIC]}))


def test_large_pages_and_errors_are_refused():
    big = httpx.MockTransport(lambda r: httpx.Response(200, content=b"x" * 1_100_000))
    with pytest.raises(FetchError, match="te groot"):
        fetch_page("https://werk.example.nl/", transport=big, resolver=resolver({"werk.example.nl": [PUBLIC]}))

    def timeout(request):
        raise httpx.ConnectTimeout("slow")

    with pytest.raises(FetchError, match="traag"):
        fetch_page("https://werk.example.nl/", transport=httpx.MockTransport(timeout),
                   resolver=resolver({"werk.example.nl": [PUBLIC]}))


def test_paste_view_refuses_private_link(client, login_as, app, monkeypatch):
    from portal.jobs import fetch
    from tests.factories import TrajectoryFactory

    monkeypatch.setattr(fetch, "system_resolver", lambda host, port: ["127.0.0.1"])
    login_as(TrajectoryFactory().candidate)
    body = client.post("/vacatures/plakken", data={"content": "http://localhost:80/admin"}).get_data(as_text=True)
    assert "intern of afgeschermd" in body
