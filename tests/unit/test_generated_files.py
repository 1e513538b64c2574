"""Files generated from knowledge/ must be regenerated when it changes."""

from bot import vocabulary
from bot.knowledge import checks, loader


def test_nlu_vocabulary_is_up_to_date(kb):
    assert not vocabulary.is_stale(kb), "banso kb vocabulary で data/vocabulary.yml を作り直してください"


def test_every_question_id_is_published(kb):
    assert checks.unpublished_ids(kb, loader.DEFAULT_DIR) == [], "banso kb ids で登録してください"


def test_vocabulary_maps_abbreviations_to_canonical_values(kb):
    forms = vocabulary.build(kb)
    assert "通所C" in forms["theme"]["短期集中予防サービス"]
    assert "サロン" in forms["theme"]["通いの場"]
    assert "SC" in forms["theme"]["生活支援体制整備事業"]
    assert "ステップ2のA" in forms["step"]["STEP2-A"] and "2-A" in forms["step"]["STEP2-A"]
    assert "通所C" in forms["term"]["サービスC"]


def test_stale_vocabulary_is_detected(kb, tmp_path):
    path = tmp_path / "vocabulary.yml"
    vocabulary.write(kb, path)
    assert not vocabulary.is_stale(kb, path)
    path.write_text(path.read_text(encoding="utf-8").replace("サロン", "サロソ"), encoding="utf-8")
    assert vocabulary.is_stale(kb, path)
