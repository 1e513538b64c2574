"""``python -m actions``: the action server, on loopback, answering only our Rasa server.

Every call but /health must carry the action secret (``X-Banso-Secret``, the same
value Rasa reads from BANSO_ACTION_SECRET in endpoints.yml). The server binds to
127.0.0.1 unless BANSO_ACTION_HOST says otherwise. GiNZA loads in the background
and the search index is built once Rasa answers (not before: on two cores they would
slow Rasa's start-up, the longest of the three), so the first follow-up rarely waits.
"""

import argparse
import hmac
import logging
import os
import threading
import time
import urllib.request

import actions  # noqa: F401  (blocks TensorFlow before anything imports spaCy)

HEADER = "X-Banso-Secret"


# How long to wait for Rasa before warming up anyway (a Rasa that never answers must not leave GiNZA cold).
RASA_WAIT_SECONDS = 120


def _wait_for_rasa(rasa_url: str) -> None:
    deadline = time.monotonic() + RASA_WAIT_SECONDS
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{rasa_url}/webhooks/banso/", timeout=1):
                return
        except OSError:  # not listening yet, or an error page: both mean "not ready"
            time.sleep(0.25)


def _warm_up(rasa_url: str) -> None:
    from bot import services
    from bot.knowledge.search import searcher

    services.knowledge()
    services.store()
    # The search index (0.65 s) and GiNZA wait for Rasa too: the first turn (a greeting) uses neither.
    _wait_for_rasa(rasa_url)
    searcher().search("通いの場")
    from bot import analysis

    analysis.parse("準備しています。")


def create_app(secret: str):
    from rasa_sdk.endpoint import create_app as create_sdk_app
    from sanic import response

    app = create_sdk_app("actions", cors_origins=None)

    @app.middleware("request")
    async def require_secret(request):
        if request.path == "/health":
            return None
        sent = request.headers.get(HEADER, "")
        if not hmac.compare_digest(sent.encode(), secret.encode()):
            return response.json({"error": "認証できませんでした。"}, status=401)
        return None

    return app


def main() -> None:
    from rasa_sdk import utils

    from bot.config import Settings

    parser = argparse.ArgumentParser(prog="python -m actions")
    parser.add_argument("--port", type=int, default=5055)
    parser.add_argument("--quiet", action="store_true", help="警告以上だけを記録します")
    args = parser.parse_args()
    level = logging.WARNING if args.quiet else logging.INFO
    utils.configure_colored_logging(logging.getLevelName(level))
    utils.update_sanic_log_level()
    settings = Settings.from_env()
    app = create_app(settings.action_secret)
    threading.Thread(target=_warm_up, args=(settings.rasa_url,), name="warm-up", daemon=True).start()
    app.run(os.environ.get("BANSO_ACTION_HOST", "127.0.0.1"), args.port, workers=1, access_log=False)


if __name__ == "__main__":
    main()
