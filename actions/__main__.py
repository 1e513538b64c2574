"""``python -m actions``: the action server, with the analysis warmed up in the background.

GiNZA takes seconds to load; loading it while Rasa is still starting means the
first answer that needs a follow-up does not wait for it.
"""

import sys
import threading

import actions  # noqa: F401  (blocks TensorFlow before anything imports spaCy)


def _warm_up() -> None:
    from bot import analysis, services
    from bot.knowledge.search import searcher

    services.knowledge()
    searcher().search("通いの場")
    analysis.parse("準備しています。")


if __name__ == "__main__":
    from rasa_sdk.__main__ import main

    threading.Thread(target=_warm_up, name="warm-up", daemon=True).start()
    sys.argv = [sys.argv[0], "--actions", "actions", *sys.argv[1:]]
    main()
