"""How `banso run` starts Rasa: the command line must mean what we intend and carry no secret."""

import os
import stat
import sys

from bot.without_tensorflow import lift  # noqa: E402

lift()

import pytest  # noqa: E402
from rasa.__main__ import create_argument_parser  # noqa: E402

from bot.config import SecretUnsafe, Settings  # noqa: E402
from bot.server import Bot  # noqa: E402


def test_no_secret_travels_on_a_command_line(tmp_path):
    bot = Bot(model=tmp_path / "model.tar.gz", var=tmp_path)
    settings = bot.settings()
    command = " ".join(bot.rasa_command())
    for secret in (settings.channel_secret, settings.action_secret):
        assert secret not in command
    args = create_argument_parser().parse_args(bot.rasa_command()[1:])
    assert not args.enable_api and args.auth_token is None  # no HTTP API, so no API token at all
    assert args.endpoints.endswith("endpoints.yml") and args.interface == "127.0.0.1"
    env = bot.env()
    assert env["BANSO_ACTION_SECRET"] == settings.action_secret and env["RASA_TELEMETRY_ENABLED"] == "false"


def test_secret_files_are_made_for_their_owner_only(tmp_path, monkeypatch):
    monkeypatch.delenv("BANSO_CHANNEL_SECRET", raising=False)
    settings = Settings("sqlite://", "t.db", "http://x", tmp_path)
    first = settings.channel_secret
    path = tmp_path / "secrets" / "channel"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert settings.channel_secret == first and len(first) >= 40
    os.chmod(path, 0o644)
    with pytest.raises(SecretUnsafe, match="chmod 600"):
        settings.channel_secret
    monkeypatch.setenv("BANSO_CHANNEL_SECRET", "from-the-environment")
    assert settings.channel_secret == "from-the-environment"


def test_endpoints_are_expanded_by_rasa_from_the_environment(monkeypatch):
    from rasa.utils.endpoints import read_endpoint_config

    from bot.config import ROOT

    monkeypatch.setenv("BANSO_ACTION_URL", "http://127.0.0.1:5999/webhook")
    monkeypatch.setenv("BANSO_ACTION_SECRET", "s3cret")
    endpoint = read_endpoint_config(str(ROOT / "endpoints.yml"), "action_endpoint")
    assert endpoint.url == "http://127.0.0.1:5999/webhook" and endpoint.headers == {"X-Banso-Secret": "s3cret"}
    tracker = read_endpoint_config(str(ROOT / "endpoints.yml"), "tracker_store")
    assert tracker.type == "bot.rasa.tracker_store.BansoTrackerStore"


def test_a_server_that_dies_while_starting_is_named_with_its_log(tmp_path):
    bot = Bot(model=tmp_path / "model.tar.gz", var=tmp_path, log_dir=tmp_path / "logs")
    bot._spawn("rasa", [sys.executable, "-c", "import sys; print('起動できません'); sys.exit(2)"])
    try:
        with pytest.raises(RuntimeError) as stopped:
            bot.wait_ready(timeout=30)
    finally:
        bot.stop()
    assert "Rasa サーバーが起動中に止まりました（終了コード 2）" in str(stopped.value)
    assert str(tmp_path / "logs" / "rasa.log") in str(stopped.value)
    assert "起動できません" in (tmp_path / "logs" / "rasa.log").read_text("utf-8")
