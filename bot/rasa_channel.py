"""The REST channel (/webhooks/rest/webhook) with the project's input gate.

Empty or oversized messages get a polite reply without reaching the model, and
a turn that produced no reply at all (a dead action server, an error) still
answers in Japanese instead of returning an empty list.
"""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint

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
            reply = refusal(message.text)
            if reply:
                await channel.send_text_message(message.sender_id, reply)
                return
            try:
                await on_new_message(message)
            except Exception:  # the server must keep running and the user must hear back
                logger.exception("turn failed for sender %s", message.sender_id)
            if not getattr(channel, "messages", True):
                await channel.send_text_message(message.sender_id, messages.NO_REPLY)

        return super().blueprint(guarded)
