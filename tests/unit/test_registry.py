"""Municipalities, people and visits: clear Japanese errors, and who may read what."""

from datetime import date

import pytest

from bot.store.models import AnswerStatus
from bot.store.registry import Registry, RegistryError


@pytest.fixture
def registry(store):
    registry = Registry(store)
    registry.add_municipality("川北町", "石川県", "173240")
    registry.add_municipality("大野村", "岩手県", "035076")
    registry.add_municipality("南町", "高知県", "394017")
    return registry


def test_people_see_only_their_municipalities(registry):
    staff = registry.add_person("yamada", "山田花子", "staff", ["川北町"])
    adviser = registry.add_person("adv1", "鈴木一郎", "adviser", ["川北町", "大野村"])
    bureau = registry.add_person("bureau1", "佐藤次郎", "bureau", ["南町"])
    admin = registry.add_person("root", "管理者", "admin", [])
    names = lambda person: [m.name for m in registry.supported(person)]  # noqa: E731
    assert names(staff) == ["川北町"]
    assert sorted(names(adviser)) == ["大野村", "川北町"]
    assert names(bureau) == ["南町"]
    assert sorted(names(admin)) == ["南町", "大野村", "川北町"]
    assert not registry.may_read(staff, registry.municipality("大野村"))
    assert registry.may_read(adviser, registry.municipality("035076"))  # by code too


@pytest.mark.parametrize("call, message", [
    (lambda r: r.add_municipality("川北町", "石川県", "999999"), "もう登録"),
    (lambda r: r.add_municipality("西町", "石川県", "12345"), "6 桁"),
    (lambda r: r.add_municipality("西町", "石川県", "173240"), "団体コード 173240"),
    (lambda r: r.add_person("sato", "佐藤", "staff", []), "一つだけ"),
    (lambda r: r.add_person("sato", "佐藤", "staff", ["北町"]), "登録されていません"),
    (lambda r: r.add_person("佐藤", "佐藤", "staff", ["川北町"]), "ログイン名は半角"),
    (lambda r: r.add_person("sato", "佐藤", "boss", ["川北町"]), "役割は"),
    (lambda r: r.add_visit("川北町", "4.5mtg", date(2024, 7, 1)), "支援の流れにありません"),
])
def test_bad_requests_get_a_japanese_message(registry, call, message):
    with pytest.raises(RegistryError) as raised:
        call(registry)
    assert message in str(raised.value)


def test_a_login_is_taken_once(registry):
    registry.add_person("yamada", "山田花子", "staff", ["川北町"])
    with pytest.raises(RegistryError, match="もう使われています"):
        registry.add_person("yamada", "山田太郎", "staff", ["大野村"])


def test_visits_are_listed_in_date_order_and_kept_once(registry):
    registry.add_visit("川北町", "1.5mtg", date(2024, 9, 2))
    registry.add_visit("川北町", "0.5mtg", date(2024, 6, 3))
    assert [v.event for v in registry.visits("川北町")] == ["0.5mtg", "1.5mtg"]
    with pytest.raises(RegistryError, match="もう登録"):
        registry.add_visit("川北町", "0.5mtg", date(2024, 6, 3))


def test_an_answer_is_bound_to_its_person_and_municipality(registry, store):
    person = registry.add_person("yamada", "山田花子", "staff", ["川北町"])
    for sender in ("yamada", "unknown-sender"):
        with store.turn(sender, "m1") as record:
            record.record_answer("step1.q1", "答え", AnswerStatus.answered)
    answer, stranger = store.answers("yamada")[0], store.answers("unknown-sender")[0]
    assert (answer.person_id, answer.municipality_id) == (person.id, registry.municipality("川北町").id)
    assert (stranger.person_id, stranger.municipality_id) == (None, None)  # kept, just not bound
