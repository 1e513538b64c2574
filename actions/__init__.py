"""Rasa action server code: thin adapters from a Rasa tracker to bot/."""
import sys

# The action server needs GiNZA but never TensorFlow: blocking it keeps start-up
# and memory small (spaCy's thinc would import it otherwise).
sys.modules.setdefault("tensorflow", None)
