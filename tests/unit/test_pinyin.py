from yimi_desktop.domain import pinyin


def test_full_and_initials():
    assert pinyin.full("红门") == "hongmen"
    assert pinyin.initials("红门门业") == "hmmy"


def test_county_name_reads_yu_shi():
    assert pinyin.full("尉氏县") == "yushixian"


def test_search_text_keeps_latin_parts():
    text = pinyin.search_text("红门门业", "91410223MA45KD2Q1X")
    assert "hmmy" in text and "91410223ma45kd2q1x" in text
