"""A trickling server cannot hold the link fetcher: a total deadline and a minimum rate."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest

from portal.jobs.fetch import FetchError, fetch_page

PUBLIC = "93.184.216.34"


@pytest.fixture
def trickling_server():
    """A real socket on 127.0.0.1 that sends the headers, then one byte every 50 ms."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    listener.settimeout(5)
    stop = threading.Event()

    def serve():
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        with conn:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n")
            try:
                while not stop.wait(0.05):
                    conn.sendall(b"a")
            except OSError:
                pass  # the fetcher hung up: what we want

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    listener.close()
    thread.join(5)


class _ToLocal(httpx.BaseTransport):
    """Sends the (checked, public) request to the local test server instead."""

    def __init__(self, port: int):
        self.port = port
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(scheme="http", host="127.0.0.1", port=self.port)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def _fetch(port: int, **limits) -> float:
    started = time.monotonic()
    with pytest.raises(FetchError, match="te traag"):
        fetch_page("https://werk.example.nl/vacature", transport=_ToLocal(port),
                   resolver=lambda host, port: [PUBLIC], **limits)
    return time.monotonic() - started


def test_total_deadline_stops_a_trickling_server(trickling_server):
    # The per-read timeout (5 s) never fires here: a byte comes every 50 ms.
    assert _fetch(trickling_server, deadline=1.0, min_rate=0) < 3.0


def test_minimum_rate_stops_a_trickling_server_before_the_deadline(trickling_server):
    assert _fetch(trickling_server, deadline=30.0, min_rate=1000) < 4.0
