"""Talks to the Rasa server on loopback: a turn through the REST channel, history from its tracker API."""

from __future__ import annotations

from typing import Dict, List

import aiohttp


class RasaUnavailable(Exception):
    pass


class RasaClient:
    def __init__(self, url: str, token: str):
        self.url, self.token = url.rstrip("/"), token

    async def send(self, sender: str, text: str, client_id: str) -> List[Dict]:
        body = {"sender": sender, "message": text, "metadata": {"client_message_id": client_id}}
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
                async with session.post(f"{self.url}/webhooks/rest/webhook", json=body) as response:
                    if response.status != 200:
                        raise RasaUnavailable(f"HTTP {response.status}")
                    return await response.json()
        except (aiohttp.ClientError, OSError, TimeoutError) as err:
            raise RasaUnavailable(str(err)) from err

    async def history(self, sender: str, limit: int = 200) -> List[Dict]:
        """The conversation as the page shows it: who, text, buttons, oldest first."""
        url = f"{self.url}/conversations/{sender}/tracker"
        params = {"include_events": "ALL", "token": self.token}
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20)) as session:
                async with session.get(url, params=params) as response:
                    if response.status != 200:
                        raise RasaUnavailable(f"HTTP {response.status}")
                    tracker = await response.json()
        except (aiohttp.ClientError, OSError, TimeoutError) as err:
            raise RasaUnavailable(str(err)) from err
        lines: List[Dict] = []
        for event in tracker.get("events", []):
            if event.get("event") == "user" and event.get("text"):
                lines.append({"from": "user", "text": event["text"]})
            elif event.get("event") == "bot" and event.get("text"):
                buttons = (event.get("data") or {}).get("buttons") or []
                lines.append({"from": "bot", "text": event["text"],
                              "buttons": [{"title": b.get("title"), "payload": b.get("payload")} for b in buttons]})
        return lines[-limit:]
