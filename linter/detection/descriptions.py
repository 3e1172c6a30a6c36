"""What a field's description says about it, in English and Chinese: masked, never returned, a flag, a person's
name, a login, or an "address" that is not a street. Each reading carries the words it rests on, for the reason."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from linter.core.literals import may_match

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|[。！？\n]")
_MARKUP = re.compile(r"[*`_]+")
# The patterns below are written in lower case and run on the lowered text (twice as fast as IGNORECASE).
_NEGATED = re.compile(r"\b(?:not|never|no longer|un)\s*(?:\w+\s+){0,2}$")

_MASKED = re.compile(r"\b(?:masked|obfuscated|hashed|redacted|truncated|tokeni[sz]ed|partial(?:ly)?"
                     r"|last (?:four|4)(?: digits)?)\b|脱敏|掩码|打码")
_CJK_NOT_MASKED = re.compile(r"(?:未|不|无需)(?:脱敏|掩码|打码)|明文")
_NOT_RETURNED = re.compile(r"\b(?:cannot|can ?not|will not|won't|is not|are not|never) be returned\b"
                           r"|\bnever (?:returned|included|sent back)\b|\bwrite[- ]only\b|\brequest only\b"
                           r"|\bonly (?:in|on|for) (?:the )?requests?\b|不(?:会)?返回")
_FLAG = re.compile(r"\b(?:when|if) (?:set to |this is |it is )?true\b|\btrue or false\b|\b(?:true|false) if\b")
_PERSON_WORDS = (r"user|admin|administrator|person|customer|visitor|owner|author|member|contact|employee|"
                 r"manager|applicant|recipient|sender|cardholder|account holder|signer|assignee|reviewer")
# `the name of the user` is a person's name; `the name of the user's company`, `the user's name suffix` and `the
# login name of the user` are not.
_PERSON = re.compile(rf"\b(?<!login )(?<!user )(?:(?:full |display |real )?name (?:of|for) (?:the |a |an |this )?"
                     rf"(?:current |authenticated |signed-in |logged-in )?(?:{_PERSON_WORDS})\b(?!'s)"
                     rf"|(?:{_PERSON_WORDS})'s (?:full |display |real )?name\b(?! (?:suffix|prefix|title)))"
                     r"|(?:负责人|联系人|经办人|申请人|收件人|发件人|创建人|操作人|管理员|用户|客户|作者|会员)(?:的)?"
                     r"(?:名称|名字|姓名|昵称)|昵称")
_LOGIN = re.compile(r"\b(?:user ?name|login(?: name)?|handle)\b|用户名|登录名|登录账号|账号|帐号")
# `used to identify contacts in external systems`: a number or code that identifies a record, not a phone.
_IDENTIFIER = re.compile(r"\bidentif(?:y|ies|ier|iers)\b|\bexternal (?:systems?|ids?|references?|keys?)\b"
                         r"|\breference (?:number|code)\b|编号|标识|唯一码")
_NON_POSTAL = re.compile(r"\b(?:urls?|uris?|links?|ip|ipv4|ipv6|mac|hostname|host|domain|e-?mail|endpoint|server"
                         r"|cidr|subnet|website|web address|redirect)\b"
                         r"|(?:mac|ip|url|logo|链接|重定向|文件|数据库|服务器|图片|头像|回调|访问|网址|接口|下载|上传|存储"
                         r"|网络|邮箱|邮件|跳转)地址")


@dataclass(frozen=True)
class Reading:
    masked: str | None = None  # the words that say the value is masked
    not_returned: str | None = None  # ... that it never comes back in a response
    flag: str | None = None  # ... that it is a switch (`when set to true`), whatever its type
    person: str | None = None  # ... that it is a person's name (`the name of the user`, 负责人名称)
    login: str | None = None  # ... that it is a login, not a name (`username`, 用户名)
    non_postal: str | None = None  # ... that an "address" is a URL, a host, an IP, an e-mail
    identifier: str | None = None  # ... that it identifies a record (`used to identify contacts in external systems`)


def first_sentence(description: str) -> str:
    return _SENTENCE_END.split(_MARKUP.sub("", description.strip()), 1)[0][:300]


def _found(pattern: re.Pattern[str], text: str, lowered: str | None, negatable: bool = False) -> str | None:
    """The words of `text` that `pattern` matches first (not after a negation, if `negatable`). `lowered` is
    `text.lower()` when it is as long as `text`, so that offsets agree; else None, and `text` is searched
    ignoring case."""
    if lowered is None:
        pattern, negated, subject = _ignoring_case(pattern), _ignoring_case(_NEGATED), text
    else:
        negated, subject = _NEGATED, lowered
    if not may_match(pattern, subject):
        return None  # most descriptions: ruled out by a few substring tests, faster than the search
    for match in pattern.finditer(subject):
        if negatable and negated.search(subject[:match.start()]):
            continue
        return text[match.start():match.end()]
    return None


@cache
def _ignoring_case(pattern: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(pattern.pattern, re.IGNORECASE)


@lru_cache(maxsize=16384)  # shared schemas repeat their descriptions
def read(description: str | None) -> Reading:
    if not isinstance(description, str) or not description.strip():
        return Reading()
    first = first_sentence(description)
    whole = _MARKUP.sub("", description[:1000])
    lowered_first, lowered_whole = _lowered(first), _lowered(whole)
    masked = None if _CJK_NOT_MASKED.search(first) else _found(_MASKED, first, lowered_first, negatable=True)
    return Reading(masked=masked, not_returned=_found(_NOT_RETURNED, whole, lowered_whole),
                   flag=_found(_FLAG, first, lowered_first), person=_found(_PERSON, first, lowered_first),
                   login=_found(_LOGIN, first, lowered_first), non_postal=_found(_NON_POSTAL, first, lowered_first),
                   identifier=_found(_IDENTIFIER, first, lowered_first))


def _lowered(text: str) -> str | None:
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else None  # `İ` lowers to two characters
