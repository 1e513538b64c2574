"""How `banso run` starts Rasa: the command line must mean what we intend."""

import sys

# actions/ blocks TensorFlow for the test session; Rasa's command-line modules import it.
from bot.without_tensorflow import lift  # noqa: E402

lift()

import pytest  # noqa: E402
from rasa.__main__ import create_argument_parser  # noqa: E402

from bot.server import Bot  # noqa: E402


@pytest.mark.parametrize("token", ["-RlyXstTGLBfeeNMXhVgLDbyUp25uOU1", "plain_token-1"])
def test_rasa_receives_the_whole_api_token_even_when_it_starts_with_a_dash(tmp_path, token):
    # A random URL-safe token begins with "-" about once in 64 runs; CI once failed on exactly that.
    bot = Bot(model=tmp_path / "model.tar.gz", var=tmp_path, rasa_token=token)
    args = create_argument_parser().parse_args(bot.rasa_command()[1:])
    assert args.auth_token == token
    assert args.enable_api and args.port == bot.rasa_port


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
