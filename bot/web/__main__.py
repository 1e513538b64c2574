"""``python -m bot.web``: the web app, started by ``banso run`` next to Rasa and the action server."""

import argparse

import bot.without_tensorflow  # noqa: F401  (GiNZA for reports, never TensorFlow)
from aiohttp import web  # noqa: E402

from bot import services  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.web.app import create_app  # noqa: E402
from bot.web.rasa_client import RasaClient  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.web")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    settings = Settings.from_env()
    rasa = RasaClient(settings.rasa_url, settings.channel_secret)
    app = create_app(services.store(), services.knowledge(), rasa, settings=settings)
    web.run_app(app, host=args.host, port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
