"""Whether the text Presidio's e-mail pattern matched has a registrable domain: what its recognizer asks tldextract
(`extract(text).fqdn != ""`, the private domains not counted), answered from the Public Suffix List snapshot
tldextract ships, without tldextract.

tldextract builds two tries of the list's 9,000 rules (with and without the private domains) on its first
call, and its import brings filelock: 45 ms in every process that meets an e-mail address. The rules' strings
in two sets are 8 ms. The steps are tldextract 5's, for this one question: the host read from the text as its
lenient URL parsing reads it; the labels matched from the right (lower case, punycode decoded) as its trie
walk matches them, with the list's wildcard (`*.ck`) and exception (`!www.ck`) rules. (What tldextract does for
IP addresses changes nothing here: an address has no public suffix.) tests/test_public_suffix.py compares the
answers with tldextract's own.
"""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from pathlib import Path
from urllib.parse import scheme_chars

# tldextract's (suffix_list.py)
_RULE = re.compile(r"^(?P<suffix>[.*!]*\w[\S]*)", re.UNICODE | re.MULTILINE)
_PRIVATE_FROM = "// ===BEGIN PRIVATE DOMAINS==="
_SCHEME_CHARS = set(scheme_chars)
_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})


def has_registrable_domain(text: str) -> bool:
    """`tldextract.TLDExtract()(text).fqdn != ""` without the private domains: a label before a public suffix."""
    labels = _host(text).translate(_DOTS).split(".")
    index = _suffix_index(labels)
    return index is not None and 0 < index < len(labels) and labels[index - 1] != ""


def _suffix_index(labels: list[str]) -> int | None:
    """Where the public suffix starts among `labels` (None: none), as tldextract's trie walk finds it: the trie's
    node for the labels matched so far is the string of them, `tails` holds every node, `rules` those that end
    a rule."""
    rules, tails = _rules()
    matched = ""  # the labels matched so far, as a rule writes them
    suffix = at = len(labels)
    for label in reversed(labels):
        name = _decoded(label)
        longer = f"{name}.{matched}" if matched else name
        if longer in tails:
            at -= 1
            matched = longer
            if longer in rules:
                suffix = at
            continue
        if (f"*.{matched}" if matched else "*") in tails:  # a wildcard rule below the labels matched
            return at if (f"!{name}.{matched}" if matched else f"!{name}") in tails else at - 1
        break
    return None if suffix == len(labels) else suffix


def _decoded(label: str) -> str:
    lowered = label.lower()
    if lowered.startswith("xn--"):
        import idna  # rare: not imported for every process that meets an e-mail address

        try:
            return idna.decode(lowered)
        except (UnicodeError, IndexError):
            pass
    return lowered


@cache
def _rules() -> tuple[frozenset[str], frozenset[str]]:
    """The public rules of tldextract's snapshot (`co.uk`, `*.ck`, `!www.ck`), and every tail of each (`uk`,
    `co.uk`, `ck`…): the nodes of tldextract's trie."""
    text = _snapshot().read_text(encoding="utf-8").partition(_PRIVATE_FROM)[0]
    rules = frozenset(_RULE.findall(text))
    tails, longer = set(rules), set(rules)
    while longer:  # each rule without its first label, then without its first two…
        longer = {rule.partition(".")[2] for rule in longer if "." in rule}
        tails |= longer
    return rules, frozenset(tails)


def _snapshot() -> Path:
    """tldextract's bundled copy of the list, found without importing tldextract."""
    spec = importlib.util.find_spec("tldextract")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("tldextract, whose public suffix list masklint reads, is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / ".tld_set_snapshot"


def _host(text: str) -> str:
    """The host of a URL-like text, as tldextract's `lenient_netloc` reads it."""
    authority = _schemeless(text).partition("/")[0].partition("?")[0].partition("#")[0]
    after_userinfo = authority.rpartition("@")[-1]
    if after_userinfo and after_userinfo[0] == "[":
        maybe_ipv6 = after_userinfo.partition("]")
        if maybe_ipv6[1] == "]":  # (an IPv6 address: no public suffix)
            return f"{maybe_ipv6[0]}]"
    return after_userinfo.partition(":")[0].strip().rstrip(".\u3002\uff0e\uff61")


def _schemeless(url: str) -> str:
    double_slashes = url.find("//")
    if double_slashes == 0:
        return url[2:]
    if double_slashes < 2 or url[double_slashes - 1] != ":" or set(url[:double_slashes - 1]) - _SCHEME_CHARS:
        return url
    return url[double_slashes + 2:]
