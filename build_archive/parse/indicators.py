"""Quantitative indicators (``data/indicators.yml``) read from the sentences of a report.

A value is taken only from a sentence that names the indicator, only when the number right
after the name (a short link such as 为/达/达到/保持在 in between) carries the indicator's unit,
and only when nothing in the sentence makes its meaning uncertain. Everything else that names
an indicator next to a number is *skipped* with a reason, and counted: a researcher sees how
much was left out and why, and no value is ever guessed. The traps, each a skip reason:

* targets: 力争/目标/确保/计划/预计/不低于 before the value, a future 到20XX年, or any value in
  the plan part of a report (a 工作计划, or the 打算/计划 section of a summary-and-plan) unless
  the sentence names an earlier year;
* bounds and round numbers: 以上/以下/以内/左右, 余/多, 约/近/超过;
* changes: 同比增长 5%, 较上年提高 3 个百分点, 由 60% 提高到 65%;
* ranges: 85%—90%, 85～90%;
* a unit that does not fit (a rate given in 人, 人次 for a head count);
* two different years before the value, 去年/上年 (relative to when?);
* values of the province, the nation or (in a county that is not a 县级市) the city;
* sub-populations (签约率 of 建档立卡贫困人口, 老弱慢病 …), which are not the indicator;
* a short name (签约率) that fits two indicators; a county total (床位) without 全县/合计.

Pure functions: text in, frozen dataclasses out. ``build`` runs ``extract_report`` once per
report and caches the result by the report's parse key and this module's version.
"""
from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import yaml

from ..core.indicator_types import (AMBIGUOUS, BOUND, CHANGE, LEVEL, LIST, RANGE, SUBGROUP, TARGET, TOTAL, UNIT, YEAR,
                                    Extraction, Field, Indicator, Skip, Value, Vocabulary)
from ..core.tradsimp import to_simplified

DEFAULT_PATH = Path(__file__).parent.parent / "data" / "indicators.yml"

UNITS = ("%", "‰", "1/10万", "人", "张", "岁")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

class IndicatorError(ValueError):
    """indicators.yml is not what the extractor expects (the message names file and entry)."""




# --- the vocabulary -------------------------------------------------------------------------

def _strings(entry: dict, key: str, where: str, required: bool = False) -> tuple[str, ...]:
    value = entry.get(key, [])
    if required and not value:
        raise IndicatorError(f"{where}: '{key}' must list at least one name")
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise IndicatorError(f"{where}: '{key}' must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def load_vocabulary(path: Path = DEFAULT_PATH) -> Vocabulary:
    return _load(str(path))


@lru_cache(maxsize=4)
def _load(path_text: str) -> Vocabulary:
    path = Path(path_text)
    raw = path.read_bytes()
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise IndicatorError(f"{path}: not valid UTF-8 YAML ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("indicators"), list):
        raise IndicatorError(f"{path}: expected a mapping with an 'indicators' list")
    unknown = set(data) - {"indicators", "lists", "fields"}
    if unknown:
        raise IndicatorError(f"{path}: unknown top-level key(s) {sorted(unknown)}; expected indicators, lists, fields")
    allowed = {"slug", "name", "unit", "names", "short_names", "context", "total", "description"}
    indicators, seen_names = [], {}
    for n, entry in enumerate(data["indicators"], 1):
        where = f"{path}: indicator {n}"
        if not isinstance(entry, dict):
            raise IndicatorError(f"{where}: expected a mapping")
        where = f"{path}: indicator {n} ({entry.get('name', '?')})"
        extra = set(entry) - allowed
        if extra:
            raise IndicatorError(f"{where}: unknown key(s) {sorted(extra)}; allowed: {sorted(allowed)}")
        for key in ("slug", "name", "unit", "description"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise IndicatorError(f"{where}: '{key}' must be a non-empty string")
        if not SLUG_RE.match(entry["slug"]):
            raise IndicatorError(f"{where}: slug {entry['slug']!r} must be lower-case letters, digits and hyphens")
        if entry["unit"] not in UNITS:
            raise IndicatorError(f"{where}: unit {entry['unit']!r} must be one of {', '.join(UNITS)}")
        names = _strings(entry, "names", where, required=True)
        shorts = _strings(entry, "short_names", where)
        context = _strings(entry, "context", where)
        if shorts and not context:
            raise IndicatorError(f"{where}: short_names need a 'context' list (words that must be in the sentence)")
        for name in names:
            if name in seen_names:
                raise IndicatorError(f"{where}: name {name!r} is already a name of {seen_names[name]}")
            seen_names[name] = entry["slug"]
        if not isinstance(entry.get("total", False), bool):
            raise IndicatorError(f"{where}: 'total' must be true or false")
        indicators.append(Indicator(entry["slug"], entry["name"], entry["unit"], names, shorts, context,
                                    entry.get("total", False), entry["description"].strip()))
    slugs = [i.slug for i in indicators]
    if len(set(slugs)) != len(slugs):
        raise IndicatorError(f"{path}: two indicators share a slug")
    lists = []
    for n, entry in enumerate(data.get("lists") or [], 1):
        where = f"{path}: lists entry {n}"
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str) or not entry["text"]:
            raise IndicatorError(f"{where}: expected text: <name> and indicators: [slug, ...]")
        members = _strings(entry, "indicators", where, required=True)
        for slug in members:
            if slug not in slugs:
                raise IndicatorError(f"{where}: unknown indicator {slug!r}")
        lists.append((entry["text"], members))
    fields = []
    for n, entry in enumerate(data.get("fields") or [], 1):
        if not isinstance(entry, dict) or set(entry) != {"name", "file", "description", "example"} \
                or entry["file"] not in ("values", "skipped", "both"):
            raise IndicatorError(f"{path}: fields entry {n}: expected name, file (values|skipped|both), "
                                 "description, example")
        fields.append(Field(str(entry["name"]), entry["file"], str(entry["description"]), str(entry["example"])))
    return Vocabulary(tuple(indicators), tuple(lists), tuple(fields), hashlib.sha256(raw).hexdigest()[:16])


# --- matching -------------------------------------------------------------------------------

# Full-width digits, letters and signs fold to ASCII one character for one, so offsets in the
# folded text are offsets in the sentence, which is reported exactly as written.
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20
# Semicolons join clauses of one sentence, which often opens with its year and place
# ("2020年，全县……；床位数合计1584张"): they do not end it.
_SENTENCE_END = re.compile(r"(?<=[。！？!?])|\n")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
# A number, an optional 万/亿, an optional 余/多 (a round number), then its unit.
_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(万|亿)?\s*(余|多)?\s*"
                     r"(个百分点|%|‰|1/10万|/10万|/十万|人次|万人|人|名|张|岁|户|例|个|家|所)?")
_UNIT_OF = {"%": "%", "‰": "‰", "1/10万": "1/10万", "/10万": "1/10万", "/十万": "1/10万",
            "人": "人", "名": "人", "张": "张", "岁": "岁"}
# Between a name and its value: a few characters of link (为、达、达到、保持在、分别为 …), no
# digits but a year, no clause break.
MAX_LINK = 14
_LINK = re.compile(r"(?:(?:19|20)\d\d\s*年(?:底|末)?|[^\d，,；;。：:、\n])*")
_CHANGE_LINK = re.compile(r"同比|环比|较上年|较去年|比上年|比去年|较\d{4}|比\d{4}|增幅|降幅|"
                          r"(?:增长|增加|上升|提高|提升|下降|降低|减少|下滑)(?!到|至|为)")
_CHANGE_AFTER = re.compile(r"^\s*(?:[，,]?\s*(?:提高|提升|上升|增长|增加|下降|降低|减少|降)(?:了)?(?:到|至)|"
                           r"[，,]?\s*(?:的基础上|基础上))")
_RANGE_AFTER = re.compile(r"^\s*(?:[-－~～—–至到]|以及?)\s*\d")
_BOUND_AFTER = re.compile(r"^\s*(?:及?以上|以下|以内|左右|上下|以外)")
_BOUND_BEFORE = re.compile(r"(?:约|近|超过|超|逾|不到|不足|接近|突破|≥|≤|>|<|＞|＜|大于|小于|高于|低于)\s*$")
_TARGET = re.compile(r"力争|争取|目标|确保|预计|计划|拟|不低于|不少于|不超过|不高于|达标|努力|要求|任务|规划")
# Words that contain a target word but are names (计划免疫, 计划生育) or plain words.
_NOT_TARGET = re.compile(r"计划免疫|计划生育|预期寿命|人口计划|规划疫苗|免疫规划")
_LEVEL = re.compile(r"全省|全国|我省|我国|省级|全州|全盟")
_CITY = re.compile(r"全市|我市")
_SUBGROUP = re.compile(r"贫困|建档立卡|低保|特殊家庭|特困|老弱|慢病|残疾|失能|脱贫|五保|计生家庭|边缘|户籍")
# Before the name in its clause: an increase or a decrease, not a level (新增床位945张).
_CHANGE_BEFORE = re.compile(r"新增|新建|净增|增加|减少|扩建|改建|新开")
# Before a total's name: a per-capita figure (每千人常住人口医疗床位数), not the total.
_PER_CAPITA = re.compile(r"每千|每万|每百|每十万")
# A name that ends a list whose other items are not names (新生儿、婴儿和5岁以下儿童死亡率): the
# items share its suffix, and which value is whose cannot be told.
_ELIDED_LIST = re.compile(r"[、和及与]\s*$")
_TOTAL = re.compile(r"全县|全区|全旗|全市|县域|合计|共有|总数|总计|共计|全县共|辖区内?共")
_RELATIVE_YEAR = re.compile(r"去年|上年|前年")
# Names listed together: 、和及与 (a comma separates clauses, not list items).
_LIST_JOIN = re.compile(r"^\s*(?:、|和|及|与|以及)\s*$")
_RESPECTIVELY = re.compile(r"^[^\d，,；;。]{0,6}分别")
_VALUE_JOIN = re.compile(r"^\s*(?:、|和|及|与|,|，)\s*$")


@dataclass(frozen=True)
class _Name:
    text: str
    slugs: tuple[str, ...]
    short: bool


_MATCHERS: dict[str, tuple[re.Pattern[str], dict[str, list[_Name]]]] = {}


def _matcher(vocab: Vocabulary) -> tuple[re.Pattern[str], dict[str, list[_Name]]]:
    # Keyed by the file's digest: hashing the vocabulary itself on every sentence was most of
    # the extractor's time.
    made = _MATCHERS.get(vocab.digest)
    if made is None:
        made = _MATCHERS[vocab.digest] = _make_matcher(vocab)
    return made


def _make_matcher(vocab: Vocabulary) -> tuple[re.Pattern[str], dict[str, list[_Name]]]:
    # Keyed by the folded form, which is what the pattern matches in the folded sentence
    # (执业（助理）医师 and 执业(助理)医师 are one name).
    names: dict[str, list[_Name]] = {}
    for ind in vocab.indicators:
        for n in ind.names:
            names.setdefault(n.translate(_FOLD), []).append(_Name(n, (ind.slug,), False))
        for n in ind.short_names:
            names.setdefault(n.translate(_FOLD), []).append(_Name(n, (ind.slug,), True))
    for text, slugs in vocab.lists:
        names.setdefault(text.translate(_FOLD), []).append(_Name(text, slugs, False))
    for key, entries in names.items():  # the same name twice in one indicator is one entry
        names[key] = list({(e.slugs, e.short): e for e in entries}.values())
    # Longest first: at each position the longest name wins (regex alternation is ordered).
    ordered = sorted(names, key=lambda n: (-len(n), n))
    return re.compile("|".join(re.escape(n) for n in ordered)), names


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph, each with its closing mark, stripped."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def _decimal(num: str, mult: str | None) -> str:
    d = Decimal(num) * (10000 if mult == "万" else 100000000 if mult == "亿" else 1)
    text = format(d.normalize(), "f")
    return text


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    slugs: tuple[str, ...]
    short: bool = False
    """Named by a short name (签约率), whose subject is whatever the sentence spoke of before."""


def _named(sentence: str, folded: str, vocab: Vocabulary) -> tuple[list[_Hit], list[Skip]]:
    """Where the sentence names indicators (short names resolved by context)."""
    pattern, names = _matcher(vocab)
    hits, skips = [], []
    for m in pattern.finditer(folded):
        candidates = names[m.group(0)]
        full = [c for c in candidates if not c.short]
        if full:
            hits.append(_Hit(m.start(), m.end(), full[0].slugs))
            continue
        fits = [c for c in candidates if any(w in folded for w in vocab.by_slug(c.slugs[0]).context)]
        if len(fits) == 1:
            hits.append(_Hit(m.start(), m.end(), fits[0].slugs, True))
        elif len(fits) > 1 and _number_follows(folded, m.end()):
            skips.extend(Skip(c.slugs[0], AMBIGUOUS, None, sentence) for c in fits)
    return hits, skips


def _number_follows(folded: str, at: int) -> bool:
    link = _LINK.match(folded, at)
    return bool(link and link.end() - at <= MAX_LINK and _NUMBER.match(folded, link.end()))


def _groups(hits: list[_Hit], folded: str) -> list[list[_Hit]]:
    """Names listed together (孕产妇死亡率、婴儿死亡率……) form one group."""
    groups: list[list[_Hit]] = []
    for h in hits:
        if groups and _LIST_JOIN.match(folded[groups[-1][-1].end:h.start]):
            groups[-1].append(h)
        else:
            groups.append([h])
    return groups


@dataclass(frozen=True)
class Context:
    """What a sentence's values depend on besides the sentence."""

    year: int | None
    """The report's work year."""
    county: str | None = None
    plan: bool = False
    """The sentence stands in the plan part of the report."""
    plan_year: int | None = None
    """The year the plan is for."""
    dated: bool = True
    """A value whose sentence names no year refers to the report's year. Not so in a meeting
    report: a meeting early in 2020 reviews 2019 (过去的一年), so such values have no year."""


_DIGIT = re.compile(r"[0-9０-９]")
_FULL_WIDTH = re.compile(r"[\uff01-\uff5e\u3000]")


def _reading(text: str) -> str:
    text = to_simplified(text)
    return text.translate(_FOLD) if _FULL_WIDTH.search(text) else text  # translate is slow: only if needed


def _may_name(text: str, vocab: Vocabulary) -> bool:
    """Cheap test on a whole paragraph: a number and an indicator's name somewhere in it."""
    return bool(_DIGIT.search(text)) and _matcher(vocab)[0].search(_reading(text)) is not None


def extract_sentence(sentence: str, vocab: Vocabulary, ctx: Context) -> Extraction:
    if not _DIGIT.search(sentence):  # no number, no value (most sentences of a report)
        return Extraction()
    # Matched on a folded, simplified reading of the same length: 孕產婦死亡率 is named too, and
    # the sentence is reported exactly as written.
    folded = _reading(sentence)
    hits, skips = _named(sentence, folded, vocab)
    values: list[Value] = []
    for group in _groups(hits, folded):
        slugs = [s for h in group for s in h.slugs]
        end = group[-1].end
        link = _LINK.match(folded, end)
        if link is None or link.end() - end > MAX_LINK:
            continue
        respectively = _RESPECTIVELY.match(folded[end:link.end()])
        slots: list[str | None] = list(slugs)
        first = group[0].start
        if _ELIDED_LIST.search(folded, 0, first):
            # 新生儿、婴儿和5岁以下儿童死亡率: the items before the name share its suffix.
            items, first = _elided_items(folded, first)
            slots = [_resolve(item, folded[group[0].start:group[0].end], vocab) for item in items] + slots
        if len(slots) > 1 and not respectively:
            if _NUMBER.match(folded, link.end()):
                skips.extend(Skip(s, LIST, None, sentence) for s in slots if s)
            continue
        numbers, pos = [], link.end()
        while True:
            num = _NUMBER.match(folded, pos)
            if num is None or not num.group(1):
                break
            numbers.append(num)
            # After 分别, every value listed counts: more values than names is a list we cannot map.
            if len(numbers) == len(slots) and not respectively:
                break
            join = re.match(r"\s*(?:、|和|及|与|,|，)\s*", folded[num.end():])
            if not join or not _NUMBER.match(folded, num.end() + join.end()):
                break
            pos = num.end() + join.end()
        if not numbers:
            continue
        if len(numbers) != len(slots):
            # Which value is whose cannot be told; a target is a target whichever it is.
            reason = TARGET if _TARGET.search(_NOT_TARGET.sub("□", folded[:numbers[-1].end()])) else LIST
            skips.extend(Skip(s, reason, None, sentence) for s in slots if s)
            continue
        for k, (slug, num) in enumerate(zip(slots, numbers)):
            if slug is None:  # an item the vocabulary does not list (新生儿死亡率): its value is not ours
                continue
            # A list's link is the shared one; the values after the first follow a join.
            before = folded[end:link.end()] if k == 0 else ""
            got = _read(sentence, folded, vocab.by_slug(slug), first, before, num, ctx,
                        any(h.short for h in group))
            (values if isinstance(got, Value) else skips).append(got)
    return _one_value_each(values, skips, sentence)


_ITEM = re.compile(r"([^、和及与，,；;。：:\s\d]{1,12})\s*(?:、|和|及|与)\s*$")


def _elided_items(folded: str, start: int) -> tuple[list[str], int]:
    """The items listed before a name at ``start`` (新生儿、婴儿和|5岁以下儿童死亡率), in order, and
    where the first begins."""
    items: list[str] = []
    while True:
        m = _ITEM.search(folded, 0, start)
        if m is None:
            return list(reversed(items)), start
        items.append(m.group(1))
        start = m.start(1)


def _resolve(item: str, name: str, vocab: Vocabulary) -> str | None:
    """The indicator an elided item names with the name's suffix (婴儿 + 死亡率), if any: the
    longest such full name. None when the item is no listed indicator (新生儿死亡率)."""
    _, names = _matcher(vocab)
    for k in range(1, len(name)):
        for j in range(len(item)):
            for n in names.get(item[j:] + name[k:], ()):
                if not n.short and len(n.slugs) == 1:
                    return n.slugs[0]
    return None


def _one_value_each(values: list[Value], skips: list[Skip], sentence: str) -> Extraction:
    """A sentence giving one indicator two different values for the same year (户籍 and 全人口,
    two districts) says which is which in words the extractor does not read: both are skipped."""
    distinct: dict[tuple[str, int | None], set[str]] = {}
    for v in values:
        distinct.setdefault((v.indicator, v.year), set()).add(v.value)
    kept = [v for v in values if len(distinct[(v.indicator, v.year)]) == 1]
    skips = skips + [Skip(v.indicator, AMBIGUOUS, v.year, sentence) for v in values
                     if len(distinct[(v.indicator, v.year)]) > 1]
    return Extraction(tuple(kept), tuple(skips))


def _read(sentence: str, folded: str, ind: Indicator, name_at: int, link: str, num: re.Match[str],
          ctx: Context, short: bool = False) -> Value | Skip:
    prefix = folded[:num.end()]
    years = sorted({int(y) for y in _YEAR.findall(prefix)})
    year = years[0] if len(years) == 1 else ctx.year if ctx.dated else None

    def skip(reason: str) -> Skip:
        return Skip(ind.slug, reason, year, sentence)

    after = folded[num.end():]
    unit = num.group(4)
    if _CHANGE_LINK.search(link) or unit == "个百分点" or _CHANGE_AFTER.match(after):
        return skip(CHANGE)
    if _RANGE_AFTER.match(after):
        return skip(RANGE)
    canonical = _UNIT_OF.get(unit or "")
    if unit == "万人" and ind.unit == "人":
        canonical, mult = "人", "万"
    else:
        mult = num.group(2)
    if canonical != ind.unit:
        # A bare zero is zero in any unit (孕产妇死亡率为0).
        if not (unit is None and not mult and Decimal(num.group(1)) == 0 and ind.unit in ("%", "‰", "1/10万")):
            return skip(UNIT)
    if ind.unit in ("%", "‰", "1/10万") and mult:
        return skip(UNIT)
    value = _decimal(num.group(1), mult)
    if ind.unit == "%" and Decimal(value) > 100:
        return skip(UNIT)
    unmarked = _NOT_TARGET.sub(lambda m: "□" * len(m.group(0)), prefix)
    future = any(ctx.year is not None and y > ctx.year for y in years) and re.search(r"到\s*(?:19|20)\d\d", prefix)
    if _TARGET.search(unmarked) or future:
        return skip(TARGET)
    if num.group(3) or _BOUND_AFTER.match(after) or _BOUND_BEFORE.search(folded[:num.start()]):
        return skip(BOUND)
    if len(years) > 1:
        return skip(YEAR)
    clause_start = max(folded.rfind(c, 0, name_at) for c in "，,；;：:") + 1
    if not years and _RELATIVE_YEAR.search(folded, clause_start, num.start()):
        return skip(YEAR)
    if ctx.plan and not (years and ctx.plan_year is not None and years[0] < ctx.plan_year):
        return skip(TARGET)
    scope = folded[:name_at]
    if _LEVEL.search(scope) or (_CITY.search(scope) and not (ctx.county or "").endswith("市")):
        return skip(LEVEL)
    # A short name's subject is the sentence's (……贫困人员家庭医生签约服务47334人，签约率达100%).
    if _SUBGROUP.search(folded[0 if short else clause_start:name_at]):
        return skip(SUBGROUP)
    if _CHANGE_BEFORE.search(folded, clause_start, name_at):
        return skip(CHANGE)
    if ind.total and (not _TOTAL.search(folded[:num.start()]) or _PER_CAPITA.search(folded, clause_start, name_at)):
        return skip(TOTAL)
    text = sentence[num.start():num.end()].strip()
    return Value(ind.slug, value, ind.unit, text, year,
                 "sentence" if years else "report" if year is not None else "unknown", sentence)


# --- a whole report -------------------------------------------------------------------------

PLAN_DOC_TYPES = ("工作计划", "工作要点")
UNDATED_DOC_TYPES = ("会议报道",)
_PLAN_HEADING = re.compile(r"计划|打算|思路|安排|要点|谋划|展望|下一步|明年|今后")
# A heading that reviews a plan (计划执行情况) or names a field (计划生育, blanked with the other
# non-target words) does not open the plan part.
_PLAN_REVIEWED = re.compile(r"(?:完成|执行|落实|实施)情况")
_LATER = re.compile(r"下半年|下一步|明年|今后|来年")


def extract_report(blocks: Sequence[tuple[str, str]], vocab: Vocabulary, *, year: int | None,
                   doc_type: str | None, county: str | None) -> Extraction:
    """Every value in a report's blocks ((kind, text), reading order). A plan's values and those
    of the plan part of a summary-and-plan (after a heading such as 2021年工作打算 or 下一步工作
    计划) are targets unless their sentence names an earlier year."""
    values: list[Value] = []
    skips: list[Skip] = []
    seen: set[tuple[str, str, int | None]] = set()
    plan = doc_type in PLAN_DOC_TYPES
    plan_year = year
    paragraph = 0
    for kind, text in blocks:
        # Numbered as the report page numbers its paragraphs (render.render_blocks: #p1, #p2 …).
        paragraph += kind == "paragraph"
        at = paragraph if kind == "paragraph" else None
        if kind == "heading" and not plan and _PLAN_HEADING.search(_NOT_TARGET.sub("□", text)) \
                and not _PLAN_REVIEWED.search(text):
            heading_years = [int(y) for y in _YEAR.findall(text)]
            # 2021年工作计划 in a 2020 report, or a plan for later in the same year (下半年工作安排).
            if not heading_years or year is None or max(heading_years) > year or _LATER.search(text):
                plan = True
                plan_year = max(heading_years) if heading_years else (year + 1 if year is not None else None)
        if kind not in ("paragraph", "heading") or not _may_name(text, vocab):
            continue
        ctx = Context(year, county, plan, plan_year, doc_type not in UNDATED_DOC_TYPES)
        for s in sentences(text):
            got = extract_sentence(s, vocab, ctx)
            for v in got.values:
                key = (v.indicator, v.value, v.year)
                if key not in seen:  # a summary repeats its figures; one row per value and year
                    seen.add(key)
                    values.append(dataclasses.replace(v, paragraph=at))
            skips.extend(dataclasses.replace(k, paragraph=at) for k in got.skips)
    return Extraction(tuple(values), tuple(skips))


def module_version() -> str:
    """Cached extractions are valid for this code and this vocabulary only."""
    types = Path(__file__).parent.parent / "core" / "indicator_types.py"
    return hashlib.sha256(Path(__file__).read_bytes() + types.read_bytes()
                          + load_vocabulary().digest.encode()).hexdigest()[:16]
