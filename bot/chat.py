"""``banso chat``: talk to the running bot from a terminal, as yourself.

It asks for your login and password (checked against the record like the web
app's login), then speaks through the bot's authenticated channel with the
channel secret that only the server's owner can read.
"""

from __future__ import annotations

import getpass
import sys
import uuid
from typing import Optional

import requests

from bot.config import SecretUnsafe, Settings

PROMPT = "あなた> "


def _show(reply: dict) -> None:
    if reply.get("text"):
        print(f"伴走> {reply['text']}")
    for number, button in enumerate(reply.get("buttons") or [], start=1):
        print(f"    [{number}] {button['title']}")


def _log_in(login: Optional[str]) -> Optional[str]:
    """The login, once its password is right; None (with a Japanese message) otherwise."""
    from bot import services
    from bot.store import accounts

    login = (login or input("ログイン名: ")).strip()
    password = getpass.getpass("パスワード: ")
    if not accounts.password_ok(services.store(), login, password):
        print("ログイン名かパスワードが違うか、利用が止められています。", file=sys.stderr)
        return None
    return login


def run(url: Optional[str] = None, login: Optional[str] = None) -> int:
    try:
        import readline  # noqa: F401  (line editing for Japanese input)
    except ImportError:
        pass
    settings = Settings.from_env()
    try:
        headers = {"Authorization": f"Bearer {settings.channel_secret}"}
    except (SecretUnsafe, OSError) as err:
        print(f"ボットの秘密を読めませんでした（{err}）。ボットを動かしている利用者で実行してください。", file=sys.stderr)
        return 1
    try:
        login = _log_in(login)
    except (EOFError, KeyboardInterrupt):
        print()
        return 1
    if login is None:
        return 1
    url = (url or settings.rasa_url).rstrip("/") + "/webhooks/banso/webhook"
    buttons: list = []
    print("伴走（Bansō）と話します。終わるときは Ctrl-D または「/exit」と入力してください。")
    print("ボタンは番号で選べます。")
    while True:
        try:
            text = input(PROMPT)
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if text.strip() in {"/exit", "/quit"}:
            return 0
        if text.strip().isdigit() and 0 < int(text.strip()) <= len(buttons):
            text = buttons[int(text.strip()) - 1]["payload"]
        body = {"sender": login, "message": text, "metadata": {"client_message_id": uuid.uuid4().hex}}
        try:
            response = requests.post(url, json=body, headers=headers, timeout=60)
        except requests.RequestException:
            print(f"伴走> ボットにつながりません（{url}）。make run で起動しているか確かめてください。")
            continue
        if response.status_code != 200:
            error = response.json().get("error") if response.headers.get("Content-Type", "").startswith(
                "application/json") else None
            print(f"伴走> {error or 'ボットが受け付けませんでした。'}（HTTP {response.status_code}）")
            continue
        buttons = []
        for reply in response.json():
            _show(reply)
            buttons += reply.get("buttons") or []
