import bot.without_tensorflow  # noqa: F401  (GiNZA without TensorFlow; before anything imports spaCy)

import pytest  # noqa: E402

from bot.normalize import normalize  # noqa: E402
from bot.report.masking import mask, mask_many  # noqa: E402


def test_the_example_from_a_municipal_answer():
    text = "先月、北町の田中花子さん（090-1234-5678）から相談がありました。連絡は tanaka@example.jp へ。"
    assert mask(text) == "先月、北町の〔氏名〕さん(〔電話番号〕)から相談がありました。連絡は 〔メール〕 へ。"


@pytest.mark.parametrize(
    "phone",
    [
        "090-1234-5678",
        "03-1234-5678",
        "0120-123-456",
        "09012345678",
        "0312345678",
        "(03)1234-5678",
        "（03）1234-5678",
        "03(1234)5678",
        "０９０－１２３４－５６７８",
        "090ー1234ー5678",
        "090 1234 5678",
        "+81 90 1234 5678",
        "+81-3-1234-5678",
        "+819012345678",
    ],
)
def test_phone_numbers(phone):
    masked = mask(f"折り返しは{phone}までお願いします。")
    assert masked == "折り返しは〔電話番号〕までお願いします。"


@pytest.mark.parametrize(
    "email", ["tanaka@example.jp", "t.takahashi+memo@city.kawakita.lg.jp", "ｓａｔｏ＠ｅｘａｍｐｌｅ．ｃｏｍ"]
)
def test_email_addresses(email):
    assert mask(f"資料は {email} に送りました。") == "資料は 〔メール〕 に送りました。"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("〒123-4567 川北市南町3-5-12", "〔郵便番号〕 〔住所〕"),
        ("〒1234567", "〔郵便番号〕"),
        ("郵便番号:100-8916", "〔郵便番号〕"),
        ("100-0001 東京都千代田区千代田1-1", "〔郵便番号〕 〔住所〕"),
    ],
)
def test_postal_codes(text, expected):
    assert mask(text) == expected


@pytest.mark.parametrize(
    "address",
    [
        "川北町北1丁目2-3",
        "東京都千代田区霞が関1-2-2",
        "大阪府大阪市北区梅田3丁目1番3号",
        "川北市南町3-5-12",
        "川北町123番地",
        "川北郡山田村大字上野45番地の2",
        "北町5-12",
        "1丁目2番3号",
    ],
)
def test_street_addresses(address):
    assert mask(f"相談者の自宅は{address}です。") == "相談者の自宅は〔住所〕です。"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("田中さんから電話がありました。", "〔氏名〕さんから電話がありました。"),
        ("佐藤様宅を訪問しました。", "〔氏名〕様宅を訪問しました。"),
        ("ヤマダさんも同席しました。", "〔氏名〕さんも同席しました。"),
        ("鈴木一郎氏が来所しました。", "〔氏名〕氏が来所しました。"),
        ("山本太郎君と花子ちゃんが参加しました。", "〔氏名〕君と〔氏名〕ちゃんが参加しました。"),
        ("田中 花子さんと話しました。", "〔氏名〕さんと話しました。"),
        ("社協の伊藤さんと包括の小林主任が対応しました。", "社協の〔氏名〕さんと包括の〔氏名〕主任が対応しました。"),
        ("先月田中さんから聞きました。", "先月〔氏名〕さんから聞きました。"),
    ],
)
def test_names(text, expected):
    assert mask(text) == expected


def test_a_realistic_answer_keeps_its_substance():
    text = (
        "令和6年度は、川北町北1丁目2-3にお住まいの佐藤様（℡ 0123-45-6789）を民生委員さんとケアマネさんが"
        "月2回訪問しています。通いの場は32か所、参加率は4.5%で、2024年7月1日から北町公民館でも始めました。"
        "詳細は包括さんの高橋さん（takahashi@kawakita.lg.jp）まで。"
    )
    masked = mask(text)
    for gone in ("佐藤", "0123-45-6789", "1丁目2-3", "高橋", "takahashi", "kawakita.lg.jp"):
        assert gone not in masked
    for kept in (
        "令和6年度", "民生委員さん", "ケアマネさん", "月2回", "32か所", "4.5%", "2024年7月1日",
        "北町公民館", "包括さん", "〔氏名〕様", "〔住所〕", "〔電話番号〕", "〔メール〕",
    ):
        assert kept in masked


@pytest.mark.parametrize(
    "text",
    [
        "通いの場は32か所あり、参加率は4.5%です。",
        "2024年7月1日から月2回開催しています。",
        "令和6年7月1日、R6.7.1、2024-07-01 に会議。",
        "北町と南町、川北市、東京都千代田区で実施しています。",
        "地域包括支援センターと社会福祉協議会が協力しています。",
        "民生委員さん、ケアマネさん、包括さん、皆さん、みなさん、ヘルパーさん、自治会長さんに感謝します。",
        "生活支援コーディネーターと職員さんが対応しました。",
        "要介護区分2-3の方、町内1-2班、2-3か所、前年度比1.5倍、65歳以上の12,345人。",
        "STEP2-Aの回答です。内線1234。",
        "様式と様子、氏名欄を確認しました。",
        "どうしたら終われるの",
        "サロンの世話役さんからは「最近参加者が減った」と聞いています。",
        "はい",
        "",
    ],
)
def test_no_personal_data_means_no_change(text):
    assert mask(text) == normalize(text)


def test_the_result_is_the_normalised_text():
    assert mask("ＳＴＥＰ２の　回答：田中さん") == "STEP2の 回答:〔氏名〕さん"


def test_mask_many_matches_mask_and_keeps_order():
    texts = [
        "田中さんから電話（03-1234-5678）。",
        "はい",
        "",
        "通いの場は32か所です。",
        "田中さんから電話（03-1234-5678）。",  # repeated texts are parsed once
        "ヤマダさんへ tanaka@example.jp",
    ]
    assert mask_many(texts) == [mask(t) for t in texts]
    assert mask_many([]) == []


def test_a_long_transcript_is_masked_throughout():
    sentence = "通いの場の参加者が増えました。"
    text = sentence * 1500 + "最後に田中花子さん（090-1234-5678）から相談がありました。"
    masked = mask(text)
    assert len(text) > 20_000  # longer than Sudachi accepts in one go
    assert masked.endswith("最後に〔氏名〕さん(〔電話番号〕)から相談がありました。")
    assert masked.count(sentence) == 1500


def test_the_action_servers_review_masks_an_answer_as_it_is_written(kb, store):
    from sqlalchemy import select

    from bot.review import Command, Review
    from bot.store.models import MaskedText

    review = Review(kb, store, mask_ahead=True)  # as bot.services builds it for the action server
    review.handle("yamada", Command("start_review", "振り返りを始めたい"), "m0")
    review.handle("yamada", Command("answer", "先月、田中花子さん（090-1234-5678）から相談がありました"), "m1")
    with store.session() as session:
        masked = [row.masked for row in session.execute(select(MaskedText)).scalars()]
    assert len(masked) == 1 and "〔電話番号〕" in masked[0] and "090-1234-5678" not in masked[0]


def test_a_failed_head_start_on_masking_keeps_the_confirmed_answer(kb, store, monkeypatch):
    from bot.report import mask_cache
    from bot.review import Command, Review

    def broken(*_):
        raise RuntimeError("GiNZA is unwell")

    monkeypatch.setattr(mask_cache, "mask_cached", broken)
    review = Review(kb, store, mask_ahead=True)
    review.handle("yamada", Command("start_review", "振り返りを始めたい"), "m0")
    outcome = review.handle("yamada", Command("answer", "通いの場は12か所、参加者は延べ300人です"), "m1")
    assert outcome.recorded == "answered" and [a.text for a in store.answers("yamada")] == ["通いの場は12か所、参加者は延べ300人です"]
