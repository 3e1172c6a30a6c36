"""Does a value read as a person's name, with no model? Chinese names only: a common surname and one or two given
characters (`张伟`, `欧阳娜娜`). Supporting evidence for a name-like key, never a detection on its own: `王府井`
and `高速` have the same shape."""

from __future__ import annotations

import re

# The most common single-character surnames (together well over 80% of the population) and the common compound
# ones: a name outside them is not recognised, which only means no supporting evidence.
_SINGLE = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆"
    "汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
_COMPOUND = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容", "尉迟", "公孙", "长孙", "宇文", "司徒",
             "夏侯")
_HAN = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


def looks_like_chinese_name(value: str) -> bool:
    text = value.strip()
    if not _HAN.match(text):
        return False
    for surname in _COMPOUND:
        if text.startswith(surname):
            return 1 <= len(text) - len(surname) <= 2
    return text[0] in _SINGLE and 1 <= len(text) - 1 <= 2
