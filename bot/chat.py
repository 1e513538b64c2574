"""``banso chat``: talk to the running bot from a terminal."""

from __future__ import annotations

import getpass
import uuid
from typing import Optional

import requests

from bot.config import Settings

PROMPT = "あなた> "


def _show(reply: dict) -> None:
    if reply.get("text"):
        print(f"伴走> {reply['text']}")
    for number, button in enumerate(reply.get("buttons") or [], start=1):
        print(f"    [{number}] {button['title']}")


def run(url: Optional[str] = None, sender: Optional[str] = None) -> int:
    try:
        import readline  # noqa: F401  (line editing for Japanese input)
    except ImportError:
        pass
    url = (url or Settings.from_env().rasa_url).rstrip("/") + "/webhooks/rest/webhook"
    sender = sender or getpass.getuser()
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
        body = {"sender": sender, "message": text, "metadata": {"client_message_id": uuid.uuid4().hex}}
        try:
            response = requests.post(url, json=body, timeout=60)
            response.raise_for_status()
        except requests.RequestException:
            print(f"伴走> ボットにつながりません（{url}）。make run で起動しているか確かめてください。")
            continue
        buttons = []
        for reply in response.json():
            _show(reply)
            buttons += reply.get("buttons") or []
