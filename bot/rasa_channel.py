"""The REST channel (/webhooks/rest/webhook) with the project's input gate.

Empty or oversized messages get a polite reply without reaching the model, and
a turn that produced no reply at all (a dead action server, an error) still
answers in Japanese instead of returning an empty list.
"""

from __future__ import annotations

import logging
import os
from typing import Any, Awaitable, Callable

import aiohttp

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response

from bot import messages
from bot.inputs import refusal

logger = logging.getLogger(__name__)


class BansoRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def guarded(message: UserMessage) -> None:
            channel = message.output_channel
            reply = refusal(message.text) or await _actions_down()
            if reply:
                await channel.send_text_message(message.sender_id, reply)
                return
            try:
                await on_new_message(message)
            except Exception:  # the server must keep running and the user must hear back
                logger.exception("turn failed for sender %s", message.sender_id)
            if not getattr(channel, "messages", True):
                await channel.send_text_message(message.sender_id, messages.NO_REPLY)

        blueprint = super().blueprint(guarded)

        @blueprint.route("/status", methods=["GET"])
        async def status(request):
            """Whether the conversation record is being saved (see bot.tracker_store)."""
            from bot.tracker_store import HEALTH

            return response.json(HEALTH.as_dict())

        return blueprint


async def _actions_down():
    """A reply for when the action server does not answer, else None.

    Checked before the turn: Rasa would otherwise run the turn without its
    actions and lose their effects, so the user is asked to resend instead.
    """
    url = os.environ.get("BANSO_ACTION_URL", "")
    if not url:
        return None
    health = url.rsplit("/webhook", 1)[0] + "/health"
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as session:
            async with session.get(health) as response:
                return None if response.status == 200 else messages.ACTIONS_DOWN
    except (aiohttp.ClientError, OSError, TimeoutError):
        return messages.ACTIONS_DOWN
