"""CJK look-alike mapping (readers/cjk.py)."""

from __future__ import annotations

import unicodedata

from annual_report.readers.cjk import CJK_FIX_TABLE, fix_cjk, join_cell_lines


def test_kangxi_radicals_map_to_unified_ideographs():
    assert fix_cjk("\u2f42\u4ef6") == "文件"  # ⽂件
    assert fix_cjk("\u2f8f\u653f\u8bb8\u53ef") == "行政许可"  # ⾏政许可
    assert fix_cjk("\u2f00") == "一"
    assert fix_cjk("\u2fd5") == "龠"
    # every one of the 214 radicals maps to a CJK unified ideograph
    for cp in range(0x2F00, 0x2FD6):
        mapped = CJK_FIX_TABLE[cp]
        assert len(mapped) == 1 and 0x4E00 <= ord(mapped) <= 0x9FFF, hex(cp)


def test_radicals_supplement_and_compatibility_ideographs():
    assert fix_cjk("\u2ed3\u5ea6") == "长度"  # ⻓度
    assert fix_cjk("\u2ec5\u2ed4\u2eda") == "见门页"
    assert fix_cjk("\u2ee2\u2ee5\u2ee9") == "马鱼黄"
    assert fix_cjk("\uf900") == unicodedata.normalize("NFC", "\uf900")  # 豈 compatibility form


def test_punctuation_and_ordinary_text_untouched():
    text = "（一）予以公开：第二十条第（五）项，1.2 万元"
    assert fix_cjk(text) is text
    assert fix_cjk("a\u200bb\u00adc\ufeff") == "abc"


def test_join_cell_lines():
    assert join_cell_lines("商业\n企业") == "商业企业"
    assert join_cell_lines("三\n、\n本\n年\n度") == "三、本年度"
    assert join_cell_lines("总 计") == "总计"
    assert join_cell_lines("Word\nfile 12\n34") == "Word file 12 34"
    assert join_cell_lines("") == ""


def test_justification_gaps_close_but_full_width_digits_stay_apart() -> None:
    from annual_report.readers.cjk import collapse_cjk_spaces

    assert collapse_cjk_spaces("邮 编 ：") == "邮编："
    # a row of a borderless table exported by a word processor: seven cells, not one number
    assert collapse_cjk_spaces("四、结转下年度继续办理 ２ ０ ０ ０ ０ ０ ２").split() == [
        "四、结转下年度继续办理",
        "２",
        "０",
        "０",
        "０",
        "０",
        "０",
        "２",
    ]


def test_a_number_wrapped_by_its_cells_width_is_one_number() -> None:
    assert join_cell_lines("150\n0") == "1500"
    assert join_cell_lines("1,2\n34.5") == "1,234.5"
    # words still keep a space, CJK none
    assert join_cell_lines("Word\nfile") == "Word file"
    assert join_cell_lines("3\n件") == "3件"
