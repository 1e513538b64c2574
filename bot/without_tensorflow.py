"""Import this first in a process that needs spaCy or GiNZA but never TensorFlow.

spaCy's thinc imports TensorFlow whenever it is installed (Rasa needs it), which
costs seconds and about a gigabyte. The action server, the web app and the CLI's
reports and search never use it. The one place where it is blocked.
"""

import sys

sys.modules.setdefault("tensorflow", None)


def lift() -> None:
    """Undo the block (for a test session that also imports Rasa's own modules)."""
    if "tensorflow" in sys.modules and sys.modules["tensorflow"] is None:
        del sys.modules["tensorflow"]
