"""Rasa action server code: thin adapters from a Rasa tracker to bot/."""

import bot.without_tensorflow  # noqa: F401  (GiNZA yes, TensorFlow never: start-up and memory)
