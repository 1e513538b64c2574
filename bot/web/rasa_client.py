"""Sends one turn to the bot's authenticated channel on loopback, as the logged-in person."""

from __future__ import annotations

from typing import Dict, List

import aiohttp


class RasaUnavailable(Exception):
    pass


class RasaRefused(Exception):
    """The bot refused the turn; the message says why, in Japanese."""


class RasaClient:
    def __init__(self, url: str, secret: str):
        self.url, self.secret = url.rstrip("/"), secret

    async def send(self, sender: str, text: str, client_id: str) -> List[Dict]:
        body = {"sender": sender, "message": text, "metadata": {"client_message_id": client_id}}
        headers = {"Authorization": f"Bearer {self.secret}"}
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
                async with session.post(f"{self.url}/webhooks/banso/webhook", json=body, headers=headers) as reply:
                    if reply.status in (400, 403):
                        raise RasaRefused((await reply.json()).get("error", ""))
                    if reply.status != 200:
                        raise RasaUnavailable(f"HTTP {reply.status}")
                    return await reply.json()
        except (aiohttp.ClientError, OSError, TimeoutError, ValueError) as err:
            raise RasaUnavailable(str(err)) from err
