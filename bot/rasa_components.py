"""Rasa graph components of the project (the NLU pipeline's first step)."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, ENTITY_ATTRIBUTE_END, ENTITY_ATTRIBUTE_START, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.normalize import normalize


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class TextNormalizer(GraphComponent):
    """Rewrites each message's text with bot.normalize before anything else sees it.

    Rasa keeps the user's original text in the conversation's events; only the
    analysed text is normalised.
    """

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "TextNormalizer":
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for message in training_data.training_examples:
            self._normalize(message)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._normalize(message)
        return messages

    @staticmethod
    def _normalize(message: Message) -> None:
        text: Optional[str] = message.get(TEXT)
        if not text or text.startswith("/"):  # "/intent" payloads of buttons stay as they are
            return
        normal = normalize(text)
        if normal != text and message.get(ENTITIES):
            message.set(ENTITIES, [_moved(entity, text, normal) for entity in message.get(ENTITIES)])
        message.set(TEXT, normal)


def _moved(entity: Dict[Text, Any], text: str, normal: str) -> Dict[Text, Any]:
    """An annotated span, re-located in the normalised text (widths may change length)."""
    start, end = entity[ENTITY_ATTRIBUTE_START], entity[ENTITY_ATTRIBUTE_END]
    surface = normalize(text[start:end])
    near = max(0, len(normalize(text[:start])) - 2)
    found = normal.find(surface, near)
    if found < 0:
        found = normal.find(surface)
    if found < 0:
        return entity
    return {**entity, ENTITY_ATTRIBUTE_START: found, ENTITY_ATTRIBUTE_END: found + len(surface)}
