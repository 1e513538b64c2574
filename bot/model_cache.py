"""Which trained model belongs to the current data, config and knowledge.

A model's file name carries a fingerprint of everything that shapes it, so
"stale" is simply "no model with the current fingerprint exists", and tests can
reuse a model trained for the same inputs.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Iterable, List, Optional

ROOT = Path(__file__).resolve().parents[1]
# data/masking/ trains the report masking (bot/report/learned_masking.py), not the NLU: it is left out.
INPUTS = ["config.yml", "domain.yml", "data/nlu", "data/rules", "data/themes", "data/vocabulary.yml", "knowledge",
          "bot/rasa/components.py", "bot/entities.py", "bot/sentence.py", "bot/analysis.py", "bot/normalize.py",
          "bot/theme_classifier.py"]  # what shapes a trained model


def _files(root: Path) -> Iterable[Path]:
    for name in INPUTS:
        path = root / name
        if path.is_file():
            yield path
        elif path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in {".yml", ".yaml", ".txt", ".py"})


def fingerprint(root: Path = ROOT) -> str:
    digest = hashlib.sha256()
    for path in _files(root):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def model_name(root: Path = ROOT) -> str:
    return f"banso-{fingerprint(root)}"


def current_model(root: Path = ROOT, models: Optional[Path] = None) -> Optional[Path]:
    path = (models or root / "models") / f"{model_name(root)}.tar.gz"
    return path if path.exists() else None


def train(root: Path = ROOT, models: Optional[Path] = None, quiet: bool = False) -> Path:
    """Train unless a model for the current inputs exists; return its path."""
    existing = current_model(root, models)
    if existing:
        return existing
    models = models or root / "models"
    name = model_name(root)  # named once: data edited while Rasa trains must not rename this model
    command: List[str] = [
        str(Path(sys.executable).with_name("rasa")), "train",
        "--config", str(root / "config.yml"), "--domain", str(root / "domain.yml"),
        "--data", str(root / "data"), "--out", str(models),
        "--fixed-model-name", name,
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false"}
    output = subprocess.DEVNULL if quiet else None
    subprocess.run(command, cwd=root, env=env, check=True, stdout=output, stderr=output)
    return models / f"{name}.tar.gz"
