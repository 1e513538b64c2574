"""The action server's warm-up waits for Rasa before loading GiNZA, and never for ever."""

import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

from actions import __main__ as action_server


class _RasaChannel(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802  (the name http.server calls)
        self.send_response(200 if self.path == "/webhooks/banso/" else 404)
        self.end_headers()
        self.wfile.write(b'{"status": "ok"}')

    def log_message(self, *args):
        pass


def test_it_returns_as_soon_as_rasa_answers():
    server = HTTPServer(("127.0.0.1", 0), _RasaChannel)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        started = time.monotonic()
        action_server._wait_for_rasa(f"http://127.0.0.1:{server.server_port}")
        assert time.monotonic() - started < 1
    finally:
        server.shutdown()


def test_it_gives_up_waiting_for_a_rasa_that_never_answers(monkeypatch):
    monkeypatch.setattr(action_server, "RASA_WAIT_SECONDS", 0.6)
    with HTTPServer(("127.0.0.1", 0), _RasaChannel) as closed:
        port = closed.server_port  # bound, then closed: nothing listens there
    started = time.monotonic()
    action_server._wait_for_rasa(f"http://127.0.0.1:{port}")
    assert 0.5 < time.monotonic() - started < 3
