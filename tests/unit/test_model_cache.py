"""A model is retrained exactly when data, config or knowledge changed."""

import shutil
from pathlib import Path

from bot import model_cache

ROOT = model_cache.ROOT


def project_copy(tmp_path):
    for name in ["config.yml", "domain.yml", "data", "knowledge", "bot/rasa/components.py"]:
        source, target = ROOT / name, tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target)
    return tmp_path


def test_retrains_after_a_data_change_and_not_otherwise(tmp_path, monkeypatch):
    root = project_copy(tmp_path)
    trained = []

    def fake_run(command, **kwargs):  # stands in for `rasa train`: writes the named model
        out = Path(command[command.index("--out") + 1])
        name = command[command.index("--fixed-model-name") + 1]
        trained.append(name)
        out.mkdir(exist_ok=True)
        (out / f"{name}.tar.gz").write_bytes(b"model")

    monkeypatch.setattr(model_cache.subprocess, "run", fake_run)
    assert model_cache.current_model(root) is None
    first = model_cache.train(root)
    assert model_cache.train(root) == first and len(trained) == 1  # nothing changed: no training

    (root / "README.txt").write_text("not an input", encoding="utf-8")
    assert model_cache.train(root) == first and len(trained) == 1

    nlu = next((root / "data" / "nlu").glob("*.yml"))
    nlu.write_text(nlu.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert model_cache.current_model(root) is None
    second = model_cache.train(root)
    assert second != first and len(trained) == 2

    (root / "knowledge" / "glossary.yml").write_text(
        (root / "knowledge" / "glossary.yml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert model_cache.current_model(root) is None
