from yimi_desktop.domain import pinyin


def test_full_and_initials():
    assert pinyin.full("红门") == "hongmen"
    assert pinyin.initials("红门门业") == "hmmy"


def test_county_name_reads_yu_shi():
    assert pinyin.full("尉氏县") == "yushixian"


def test_search_text_keeps_latin_parts():
    text = pinyin.search_text("红门门业", "91410223MA45KD2Q1X")
    assert "hmmy" in text and "91410223ma45kd2q1x" in text


# ---- the cached conversion gives exactly pypinyin's keys ------------------------------------------

def _reference(text: str) -> tuple[str, ...]:
    """The keys as they were computed before the per-word cache: one lazy_pinyin call per text."""
    from pypinyin import Style, lazy_pinyin

    return tuple(s.lower() for s in lazy_pinyin(text, style=Style.NORMAL, errors="default"))


def _names() -> list[str]:
    import random

    from yimi_desktop.services import demo

    rng = random.Random(10)
    brands = list(demo.BRANDS)
    words = [w for ws in demo.INDUSTRY_WORDS.values() for w in ws]
    # polyphones and phrases that read them differently (银行/行业, 重庆/重量, 长安/成长, 尉氏/尉迟 …)
    tricky = ["银行", "行业", "重庆", "重量", "长安", "成长", "尉氏县", "尉迟", "尉", "乐器", "音乐", "朝阳", "朝代",
              "调查", "调整", "薄荷", "单县", "传记", "了解", "还款", "都市", "首都", "覃", "解放", "仇"]
    odd = ["", " ", "A座", "91410223MA45KD2Q1X", "3号楼 2单元", "Ｂ区", "（有限合伙）", "·", "ABC有限公司", "  红门  门业 ",
           "一二三", "第2分厂", "〇", "𠀀", "ｈｍ", "\u3000城关镇"]
    out = [f"尉氏县测试{i:06d}有限公司" for i in range(0, 20000, 997)]
    out += [f"{demo.SURNAMES[i % len(demo.SURNAMES)]}{demo.GIVEN[i % len(demo.GIVEN)]}" for i in range(300)]
    for group in (demo.ROADS, demo.DEPARTMENTS, demo.OFFICER_TITLES, demo.POLICY_TITLES):
        for item in group:
            out.extend(x for x in (item if isinstance(item, tuple) else (item,)) if type(x) is str)
    out += tricky + odd
    pool = brands + words + tricky + odd + list(demo.SURNAMES) + list(demo.ROADS) + ["有限公司", "县", "镇", "路", "12"]
    for _ in range(3000):
        out.append("".join(rng.choice(pool) for _ in range(rng.randint(1, 5))))
    for _ in range(500):  # random characters from the whole CJK block, with letters and digits
        out.append("".join(rng.choice([chr(rng.randint(0x4E00, 0x9FFF)), rng.choice("ab1 2-Ｘ")])
                           for _ in range(rng.randint(1, 12))))
    return out


def test_cached_keys_are_exactly_lazy_pinyins():
    names = _names()
    assert len(names) > 3800
    pinyin._syllables.cache_clear()
    pinyin._word.cache_clear()
    for _ in range(2):  # cold, then from the cache
        for name in names:
            assert pinyin._syllables(name) == _reference(name), name
    assert pinyin.full("尉氏县银行") == "yushixianyinhang"
    assert pinyin.sort_key("重庆长安") == " ".join(_reference("重庆长安"))


def test_runs_are_pypinyins_simple_seg():
    import random

    from pypinyin.seg.simpleseg import simple_seg

    rng = random.Random(3)
    alphabet = "红门a1 \n·〇𠀀\ue815ｈ-" + chr(0x3400) + chr(0x9FFF)
    for text in ["", "a", "红", "\n红\n", *("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 9)))
                                           for _ in range(3000))]:
        assert pinyin._runs(text) == simple_seg(text), repr(text)
