"""The only way into the bot: /webhooks/banso/webhook, for clients that prove who speaks.

A client (the web app, ``banso chat``) sends the shared channel secret in the
``Authorization: Bearer …`` header and the logged-in person's login as ``sender``.
Without the secret, or for a login that is not registered and active, the bot
answers with a clear Japanese refusal and nothing is written anywhere. Empty,
oversized and symbol-only messages are answered here without reaching the model,
and a turn that produced no reply (a dead action server, an error) still answers.
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any, Awaitable, Callable, Dict, Tuple, Union

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response

from bot import messages
from bot.config import Settings
from bot.inputs import refusal
from bot.rasa import action_results

logger = logging.getLogger(__name__)
action_results.install()  # Rasa loads this module at start-up: its reply check, without the per-call cost
MAX_SENDER = 100
MAX_METADATA_BYTES = 2_000


class BansoInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "banso"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = Blueprint("banso_webhook", __name__)
        secret = Settings.from_env().channel_secret

        def authorised(request) -> bool:
            sent = request.headers.get("Authorization", "")
            return sent.startswith("Bearer ") and hmac.compare_digest(sent[7:].encode(), secret.encode())

        @blueprint.route("/", methods=["GET"])
        async def health(request):
            return _json({"status": "ok"})

        @blueprint.route("/webhook", methods=["POST"])
        async def receive(request):
            if not authorised(request):
                return _refuse(401, messages.CHANNEL_UNAUTHORISED)
            parsed = _parse(request.body)
            if isinstance(parsed, str):
                return _refuse(400, parsed)
            sender, text, metadata = parsed
            refused = _sender_refused(sender)
            if refused:
                return refused
            reply = refusal(text)
            if reply:  # answered here: nothing reaches the model or the record
                return _json([{"recipient_id": sender, "text": reply}])
            collector = CollectingOutputChannel()
            try:
                await on_new_message(UserMessage(text, collector, sender, input_channel=self.name(),
                                                 metadata=metadata))
            except Exception:  # the server must keep running and the person must hear back
                logger.exception("turn failed for sender %s", sender)
            # Every turn goes to action_turn, which always answers; silence means the action
            # server could not be reached, so nothing was recorded and the person should resend.
            return _json(collector.messages or [{"recipient_id": sender, "text": messages.ACTIONS_DOWN}])

        @blueprint.route("/status", methods=["GET"])
        async def status(request):
            """Whether the conversation transcript is being saved (see bot.rasa.tracker_store)."""
            if not authorised(request):
                return _refuse(401, messages.CHANNEL_UNAUTHORISED)
            from bot.rasa.tracker_store import HEALTH

            return _json(HEALTH.as_dict())

        return blueprint


def _json(body, status: int = 200):
    """JSON with the Japanese readable as it is (curl, logs), not as \\u escapes."""
    return response.json(body, status=status, dumps=lambda data: json.dumps(data, ensure_ascii=False))


def _refuse(status: int, text: str):
    return _json({"error": text}, status=status)


def _parse(body: bytes) -> Union[Tuple[str, str, Dict[str, str]], str]:
    """(sender, message, metadata) from a request body, or the Japanese reason it cannot be read."""
    try:
        data = json.loads(body or b"")
    except (ValueError, UnicodeDecodeError, RecursionError):  # bad JSON, bad bytes, very deep nesting
        return messages.CHANNEL_BAD_REQUEST
    if not isinstance(data, dict):
        return messages.CHANNEL_BAD_REQUEST
    sender, text, metadata = data.get("sender"), data.get("message"), data.get("metadata") or {}
    if not isinstance(sender, str) or not sender or len(sender) > MAX_SENDER or not isinstance(text, str):
        return messages.CHANNEL_BAD_REQUEST
    if not isinstance(metadata, dict) or len(json.dumps(metadata, ensure_ascii=False).encode()) > MAX_METADATA_BYTES:
        return messages.CHANNEL_BAD_REQUEST
    kept: Dict[str, str] = {}
    client_id = metadata.get("client_message_id")
    if isinstance(client_id, str) and 0 < len(client_id) <= 100:
        kept["client_message_id"] = client_id  # the only metadata the bot uses: the turn's key
    return sender, text, kept


def _sender_refused(sender: str):
    """A refusal unless the sender is a registered, active login (a dead record refuses too)."""
    from bot import services
    from bot.store import StoreUnavailable

    try:
        active = services.store().active_login(sender) is not None
    except (StoreUnavailable, OSError) as err:
        logger.error("could not check sender %s: %s", sender, err)
        return _refuse(503, messages.STORE_UNAVAILABLE)
    return None if active else _refuse(403, messages.CHANNEL_UNKNOWN_SENDER)
