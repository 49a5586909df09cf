"""Find deadline phrases in a task's text.

Every pattern below yields a :class:`Hit`: the phrase (as normalised text), the deadline kind, a
priority tier and the parsed parts that :mod:`tasks.deadlines.resolve` turns into dates. Resolving
a phrase runs the same patterns over the phrase, so what is extracted and what is resolved can
never disagree.

Text is normalised first: full-width digits become ASCII and all whitespace is removed (the seeds
have "2019年 12月底前", "3 年内" and "每月 1日前" from line wrapping).

Choosing among several phrases in one task: overlapping hits keep the longest; then the best tier
wins (0 = a date, count or period written out; 1 = an explicit recurrence; 2 = 定期; 3 = 持续 /
常态化 and similar words), and within a tier the first one in the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tasks.bounds import MAX_RELATIVE_COUNT

__all__ = ["Hit", "cn_int", "extract_phrase", "extract_phrases", "find_hits", "best_hit", "normalize"]

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_WS = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Full-width digits → ASCII, whitespace removed (Chinese text has no meaningful spaces)."""
    return _WS.sub("", text.translate(_FULLWIDTH_DIGITS))


_CN_VAL = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
           "八": 8, "九": 9}


def cn_int(s: str) -> int | None:
    """'12' → 12, '三' → 3, '十二' → 12, '二十' → 20, '两' → 2; None when unreadable."""
    if s.isdigit():
        return int(s)
    try:
        if "十" in s:
            tens, _, ones = s.partition("十")
            if "十" in ones or len(tens) > 1 or len(ones) > 1:
                return None
            return (_CN_VAL[tens] if tens else 1) * 10 + (_CN_VAL[ones] if ones else 0)
        n = 0
        for ch in s:
            n = n * 10 + _CN_VAL[ch]
        return n
    except KeyError:
        return None


# -- building blocks -----------------------------------------------------------------------------
_CJK = "\u4e00-\u9fff"
_CN = "〇零一二两三四五六七八九十"
_NUM = r"(?:[0-9]{1,3}|[一二两三四五六七八九十]{1,3})"
# A count of a relative deadline: wider than _NUM and with an optional minus sign, so that an
# absurd or negative count (印发后-5个工作日内, 10000个工作日内) is found and refused with a warning
# instead of being read as a smaller positive count or silently ignored.
_COUNT = r"(?P<neg>[-－−]|负)?(?P<n>[0-9]{1,7}|[一二两三四五六七八九十]{1,3})"
_MON = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])"
_YEAR = r"(?P<y>(?:19|20)[0-9]{2}年|今年|本年|当年|明年|次年)"
_PRE = r"(?P<pre>截至|截止|于|在|到)?"
_BEFORE = r"(?:之前|以前|前(?!后))"  # 7月15日前后 is "around", not "by"
_VERBS = ("出台|形成|印发|发布|下发|批复|批准|作出|做出|生效|受理|收到|接到|公布|签订|签署|办结|完成|"
          "成立|确定|通过|提交|产生|变更|发生|结束|到期|立案|申请|实施|施行|上报|报送|登记|"
          "发放|拨付|下达|签发|公示|审定|召开|举行|核发|颁发|出具|制定|修订|调整|更新|到位|录入")
# What a dated 完成时限 cell says is done in that month (2021年2月公布…, 2022年6月完成…).
_ACTIONS = "完成|公布|公开|发布|印发|出台|上报|报送|启动|建成|实现|开展|上线|制定|编制|报送|提交"
_DOCS = "要点|实施方案|工作方案|方案|通知|清单|意见|办法|计划|文件|细则|规定|决定|任务分解表"
_ISSUE = re.compile(rf"^(?:本(?:{_DOCS})(?:正式)?(?:印发|下发|发布|出台|公布|实施|施行)|印发|下发)$")
# Words right before "N个工作日内" that make it a target (审批时间控制在…以内), not a deadline.
_TARGET_LEFT = ("控制在", "压缩", "缩短", "不超过", "减少", "减至", "限", "提速", "压减", "平均", "时间")
# Words right after a bare "N日内" that make it a per-case processing limit (5个工作日内办结).
_TARGET_RIGHT = ("办结", "答复", "回复", "反馈", "办理", "审结", "办完")
_CUT = re.compile(r"^.*(?:在|于|从|自(?!然))(?=.)")
_MODAL = re.compile(r"^(?:要|应当|应|须|需|并|均|将|请|必须|务必)+(?=.)")

YEAR_WORDS = {"今年": 0, "本年": 0, "当年": 0, "明年": 1, "次年": 1}


def _year(m: re.Match[str]) -> dict[str, Any]:
    """Explicit year ('year') or offset from the document year ('year_offset')."""
    y = m.groupdict().get("y")
    if not y:
        return {"year": None, "year_offset": 0}
    if y in YEAR_WORDS:
        return {"year": None, "year_offset": YEAR_WORDS[y]}
    return {"year": int(y[:4]), "year_offset": 0}


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    phrase: str
    kind: str
    tier: int
    data: dict[str, Any] = field(default_factory=dict, compare=False)


Builder = Callable[[re.Match[str], str], "tuple[str, int, dict[str, Any], int] | None"]
# A builder returns (kind, tier, data, start offset to trim) or None to reject the match.


def _fixed(spec: str, **fixed: Any) -> Builder:
    def build(m: re.Match[str], text: str) -> tuple[str, int, dict[str, Any], int] | None:
        data = {"spec": spec, **_year(m), **fixed}
        g = m.groupdict()
        for key in ("m", "d", "q"):
            if g.get(key):
                value = cn_int(g[key])
                if value is None:
                    return None
                data[key] = value
        if g.get("part"):
            data["part"] = g["part"]
        if g.get("h"):
            data["half"] = 1 if g["h"] == "上" else 2
            whole = m.start() == 0 and m.end() == len(text)
            if not (g.get("pre") or g.get("y") or g.get("suf") or whole):
                return None  # a bare 上半年 in prose is not a deadline; as the whole phrase it is
        return "fixed", 0, data, 0
    return build


def _relative(m: re.Match[str], text: str) -> tuple[str, int, dict[str, Any], int] | None:
    g = m.groupdict()
    n = cn_int(g["n"])
    if n is None or (g["u"] == "月" and not g.get("ge")):
        return None
    unit = {"工作日": "workday", "日": "day", "天": "day", "月": "month"}[g["u"]]
    data: dict[str, Any] = {"count": -n if g.get("neg") else n, "unit": unit}
    if g.get("neg") or n > MAX_RELATIVE_COUNT[unit]:
        data["bad_count"] = True  # resolved to no date with a warning, never to another count
    ev = g.get("ev")
    trim = 0
    if ev is not None:
        cut = _CUT.match(ev)
        if cut:
            trim = cut.end()
        modal = _MODAL.match(ev[trim:])
        if modal:
            trim += modal.end()
        ev = ev[trim:]
        if _ISSUE.match(ev):
            ev = None
        elif not g.get("conn") and g.get("tail") == "以内":
            return None
    else:
        before, after = text[max(0, m.start() - 4):m.start()], text[m.end():m.end() + 2]
        if any(w in before for w in _TARGET_LEFT) or after.startswith(_TARGET_RIGHT):
            return None
    if ev:
        data["event"] = ev
        return "event", 0, data, trim
    kind = "workdays_after_issue" if unit == "workday" else "days_after_issue"
    return kind, 0, data, trim


def _period(spec: str) -> Builder:
    def build(m: re.Match[str], text: str) -> tuple[str, int, dict[str, Any], int] | None:
        g = m.groupdict()
        data: dict[str, Any] = {"spec": spec, **_year(m)}
        for key in ("m", "m1", "m2", "n"):
            if g.get(key):
                value = cn_int(g[key])
                if value is None or value == 0:
                    return None
                data[key] = value
        if g.get("y2"):
            data["year2"] = int(g["y2"])
        if g.get("next"):
            data["next_year"] = True
        if spec == "years" and text[max(0, m.start() - 2):m.start()].endswith(("近", "前", "过去", "最近")):
            return None  # 近3年内: looking back, not a deadline
        return "period", 0, data, 0
    return build


def _recurring(freq: str | None, tier: int = 1, **extra: Any) -> Builder:
    def build(m: re.Match[str], text: str) -> tuple[str, int, dict[str, Any], int] | None:
        g = m.groupdict()
        data: dict[str, Any] = {"frequency": freq, **extra}
        for key in ("m", "d"):
            if g.get(key):
                value = cn_int(g[key])
                if value is None:
                    return None
                data[key] = value
        if g.get("part"):
            data["part"] = g["part"]
        return "recurring", tier, data, 0
    return build


def _continuous(m: re.Match[str], text: str) -> tuple[str, int, dict[str, Any], int] | None:
    return "continuous", 3, {}, 0


_PATTERNS: list[tuple[re.Pattern[str], Builder]] = [
    (re.compile(p), b) for p, b in [
        # fixed dates
        (rf"{_PRE}{_YEAR}?(?<![0-9])(?P<m>{_MON})月(?P<d>{_DAY})日{_BEFORE}", _fixed("md")),
        (rf"{_PRE}{_YEAR}?(?<![0-9每按])(?P<m>{_MON})月份?(?P<part>底|末|上旬|中旬|下旬)(?:{_BEFORE})?",
         _fixed("month_part")),
        # 2021年8月前 in a deadline cell: by the end of that month (the reading that never comes too early)
        (rf"{_PRE}{_YEAR}?(?<![0-9每按个近])(?P<m>{_MON})月份?(?:{_BEFORE})", _fixed("month_part")),
        # 2021年2月公布预算信息 (a 完成时限 cell): the action is due in that month, by its end. Only with
        # the year written, at the start of a clause, and not a past act (2021年2月印发的《…》)
        (rf"(?:^|(?<=[，,；;。、]))(?P<y>(?:19|20)[0-9]{{2}}年)(?P<m>{_MON})月份?"
         rf"(?=(?:{_ACTIONS})(?!的|了)|$|[，,；;。])", _fixed("month_part")),
        (rf"{_PRE}{_YEAR}年?(?:底|末)(?:{_BEFORE})?", _fixed("year_end")),
        (rf"{_PRE}{_YEAR}内(?!容)", _fixed("year_end")),
        (rf"{_PRE}(?<![0-9{_CN}每上去前近往历今本当明次])年(?:底|末)(?:{_BEFORE})?", _fixed("year_end")),
        (rf"{_PRE}(?<![0-9{_CN}每上去前近往历多数几今本当明次半])年内(?!容)", _fixed("year_end")),
        (rf"{_PRE}{_YEAR}?(?<![每按])(?P<h>上|下)半年(?P<suf>底|末|前|内)?", _fixed("half")),
        (rf"{_PRE}{_YEAR}?(?<![每按])第?(?P<q>[一二三四1-4])季度?(?:末|底)(?:{_BEFORE})?",
         _fixed("quarter")),
        # relative to the issue date or to an event
        (rf"(?P<ev>[{_CJK}]{{0,12}}?(?:{_VERBS}))(?:之日)?(?P<conn>之后|以后|起|后)?的?"
         rf"{_COUNT}(?P<ge>个)?(?P<u>工作日|日|天|月)(?P<tail>以内|内)", _relative),
        (rf"(?<![0-9{_CN}月]){_COUNT}(?P<ge>个)?(?P<u>工作日|日|天|月)内(?!容)", _relative),
        # periods
        (rf"将(?P<m>{_MON})月份?定为(?:“[^”]{{1,12}}”|\"[^\"]{{1,12}}\"|「[^」]{{1,12}}」|[{_CJK}]{{1,8}}?月)",
         _period("month")),
        (rf"{_PRE}{_YEAR}?(?<![0-9每按])(?P<m>{_MON})月份(?:集中开展|组织开展|集中|开展|组织|启动)",
         _period("month")),
        (rf"{_PRE}{_YEAR}?(?<![0-9每按])(?P<m1>{_MON})月份?(?:至|到|—|－|-|~|～)"
         rf"(?:(?P<y2>(?:19|20)[0-9]{{2}})年|(?P<next>次年|明年))?(?P<m2>{_MON})月份?(?:底|末)?",
         _period("range")),
        (rf"(?<![0-9{_CN}])(?P<n>[0-9]{{1,2}}|[一二两三四五六七八九十]{{1,2}})个?年内(?!容)",
         _period("years")),
        # 全年 as a deadline of its own (a 完成时限 cell, or a clause): the whole plan year. Inside a
        # sentence (力争全年盘活10家) it is a target's scope, not a deadline.
        (rf"(?:^|(?<=[，,；;。]))(?:{_YEAR})?全年(?:内)?(?=$|[，,；;。])", _period("year")),
        # recurring
        (rf"(?:每|按)个?季度?的?(?:首月|第一个月)(?P<d>{_DAY})日(?:{_BEFORE})?", _recurring("quarterly")),
        (rf"(?:每|按)个?月的?(?P<d>{_DAY})日(?:{_BEFORE})?", _recurring("monthly")),
        (rf"(?:每|按)个?月的?(?P<part>底|末|上旬|中旬|下旬)(?:{_BEFORE})?", _recurring("monthly")),
        (rf"每个?年的?(?P<m>{_MON})月(?:(?P<d>{_DAY})日|(?P<part>底|末))(?:{_BEFORE})?",
         _recurring("yearly")),
        (r"(?:每|按)个?季度?", _recurring("quarterly")),
        (r"(?:每|按)个?半年度?", _recurring("half_yearly")),
        (r"(?:每|按)个?月", _recurring("monthly")),
        (r"(?:每|按)个?旬", _recurring("ten_daily")),
        (rf"(?:每|按)一?年(?!龄|限)度?(?:(?:至少|不少于)(?:召开|开展|组织|举办|进行|听取|解读|发布|公开)?{_NUM}次"
         r"(?:专题会议|会议|培训|活动|检查|评估)?)?", _recurring("yearly")),
        # 定期: recurring, but how often is not written; no series (and no date) is invented
        (r"(?<!不)定期(?!存款)", _recurring(None, tier=2, assumed=True)),
        # continuous
        (r"长期坚持|长期开展|长期保持|长期推进|长期落实|长期执行|^长期$|持续推进|(?<!可)持续|常态化(?!新冠|疫情)|不定期",
         _continuous),
    ]
]


def find_hits(text: str) -> list[Hit]:
    """All non-overlapping deadline hits in (normalised) ``text``, in text order.

    Overlaps keep the longer hit (ties: the better tier, then the earlier one).
    """
    norm = normalize(text)
    candidates: list[Hit] = []
    for pattern, build in _PATTERNS:
        for m in pattern.finditer(norm):
            if m.end() == m.start():
                continue
            built = build(m, norm)
            if built is None:
                continue
            kind, tier, data, trim = built
            start = m.start() + trim
            candidates.append(Hit(start, m.end(), norm[start:m.end()], kind, tier, data))
    candidates.sort(key=lambda h: (-(h.end - h.start), h.tier, h.start))
    taken: list[Hit] = []
    for hit in candidates:
        if all(hit.end <= t.start or hit.start >= t.end for t in taken):
            taken.append(hit)
    taken.sort(key=lambda h: h.start)
    return taken


def best_hit(text: str) -> Hit | None:
    """The deadline of a task: best tier first, then first in the text."""
    hits = find_hits(text)
    return min(hits, key=lambda h: (h.tier, h.start)) if hits else None


def extract_phrases(text: str) -> list[str]:
    """Every deadline phrase in ``text``, in text order, without repeats."""
    seen: dict[str, None] = {}
    for hit in find_hits(text or ""):
        seen.setdefault(hit.phrase, None)
    return list(seen)


def extract_phrase(text: str) -> str | None:
    """The deadline phrase of a task's text (see module docstring for the choice), or None."""
    hit = best_hit(text or "")
    return hit.phrase if hit else None
