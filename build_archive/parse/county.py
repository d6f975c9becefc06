"""Where a report is from: its county-level unit (or why it cannot be told), else its province."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Iterator

from .divisions import Division, DivisionTable
from .evidence import (AGENCY, HOST_LABELS, LISTED, PUBLISHER_LABELS, SOURCE_LABELS, Evidence, Found, fallback_titles,
                       labelled, site_bureau, site_codes)
from ..core.model import Flag
from .places import Place, city_stems, counties_in, province_stems, scanner_for
from ..core.tradsimp import to_simplified

@dataclass(frozen=True)
class CountyResult:
    """The county decided from the evidence, or why not."""

    division: Division | None
    where: str
    flags: tuple[Flag, ...] = ()
    shared: Division | None = None
    """When several counties are named, one of them, if they all share its prefecture: the
    report's province and city are known though its county is not."""


def county_tiers(ev: Evidence, agency: Found | None, table: DivisionTable) -> Iterator[tuple[str, list[Place]]]:
    """Evidence for the county, strongest first; the first tier naming a county decides (so a
    tier is read only when the ones before it named none: the body's tiers are the slowest)."""
    if agency:
        yield f"机构名（{agency.evidence}）", counties_in(str(agency.value), table)
    if ev.title:
        yield f"标题: {ev.title}", counties_in(ev.title, table)
    yield "标题下", [p for line in ev.under_title for p in counties_in(line, table)]
    lines = ev.header_lines + ev.tail_lines
    published = labelled(lines, PUBLISHER_LABELS)
    yield "发布机构行", [p for _l, v in published for p in counties_in(v, table)]
    yield "落款", [p for line in ev.signature for p in counties_in(line, table)]
    sources = labelled(lines, SOURCE_LABELS)
    yield "来源行", [p for _l, v in sources for p in counties_in(v, table) or media_counties(v, table)]
    # The site's name above the title (汉川市人民政府-卫生健康局): the county whose bureau's site it is.
    yield "网站名", [p for line in ev.site_lines for named in [site_bureau(line)] if named
                    for p in counties_in(named[0], table)]
    # The page's own account (点击上方“蓟州卫生健康”订阅, 多伦县卫生计生平台): a county's media, as on a 来源 line.
    yield "公众号", [p for v in ev.media_names for p in counties_in(v, table) or media_counties(v, table)]
    hosts = [v for _l, v in labelled(ev.footer_lines, HOST_LABELS)]
    # The host written before the word (克东县人民政府主办 电子政务办承办), as a footer often puts it.
    hosts += [v for line in ev.footer_lines for v in hosts_before_label(line)]
    yield "网站主办单位", [p for v in hosts for p in counties_in(v, table)]
    # The site's owner as its footer's copyright line names it (©政协苍南县委员会版权所有), as 主办 does.
    yield "网站版权所有者", [p for line in ev.footer_lines for v in copyright_holders(line) for p in counties_in(v, table)]
    if ev.lead:
        yield f"正文首句: {ev.lead[:60]}", counties_in(ev.lead, table)
        # The county's own outlet in the lead's dateline (秀山网讯 …我县召开…), as on a 来源 line.
        yield f"正文首句的电头: {ev.lead[:12]}", dateline_counties(ev, table)
        # The county a meeting the lead reports is held in, by its name or short name (…现场会在临猗召开).
        yield f"正文首句所写会议召开地: {ev.lead[:60]}", meeting_place_counties(ev.lead, table)
    # The page header of a "我县…" news item names the county's own media (阳新县融媒体中心).
    yield "页首", [p for line in ev.header_lines for p in counties_in(line, table)]
    # A news app's header credits the county's own station by its short name (©原创 06-07 10:31 云梦广播电视台).
    yield "页首的县级媒体", header_outlet_counties(ev, table)
    if not ev.title:
        for where, text in fallback_titles(ev):
            yield f"{where}: {text}", counties_in(text, table)
    # A county's health campaign is named after it: 健康唐河建设, 健康临湘, 以健康宝山行动为引领.
    campaigns = [p for para in ev.paragraphs for p in campaign_counties(para, table)]
    yield CAMPAIGN_TIER, campaigns if len({p.surface for p in campaigns}) == 1 else []
    # Last, the one county the body names (巫溪卫生健康事业, 五年来，铁东区的社区卫生服务…), if it names one.
    # A county named as another one (与宝坻区…, 赴X县学习) does not count.
    named = [p for para in ev.paragraphs for p in counties_in(para, table)
             if not (p.start and to_simplified(para)[p.start - 1] in _OTHER_PLACE)
             and not LISTED.match(to_simplified(para), p.end)]
    yield BODY_TIER, named if len({frozenset(u.code for u in p.units) for p in named}) == 1 else []
    # "…队员…到达我县,协助我县完成…" then "…医疗组…分别赴伽师县6个乡镇卫生院": the county visitors are said to go to is
    # the one the text calls 我县, when it is the only county the body names, of that kind, and the text says they came.
    if not named:
        body = to_simplified(" ".join(ev.paragraphs))
        came = {m.group(1) for m in _CAME_TO_US.finditer(body)}
        every = [p for para in ev.paragraphs for p in counties_in(para, table)]
        visited = [p for para in ev.paragraphs for p in counties_in(para, table)
                   if p.start and to_simplified(para)[p.start - 1] in "赴到往"]
        if len(came) == 1 and len(visited) == len(every) and len({frozenset(u.code for u in p.units) for p in visited}) == 1:
            kind = next(iter(came))
            yield VISITED_TIER, [q for p in visited for q in [replace(p, units=_of_kind(p.units, kind))] if q.units]
            return
    # A county named only as the one whose health system or bureau the body speaks of, even as another body's
    # object (市安委会对安化县卫健系统的…给予肯定), when it is the only county the body names and the bureau calls
    # itself by that county's kind of unit (县卫健局联合…开展督查).
    if named:
        return
    own = [p for para in ev.paragraphs for p in counties_in(para, table)
           if _HEALTH_AFTER.match(to_simplified(para), p.end) and not LISTED.match(to_simplified(para), p.end)]
    every = {frozenset(u.code for u in p.units) for para in ev.paragraphs for p in counties_in(para, table)}
    body = to_simplified(" ".join(ev.paragraphs))
    kinds = {m.group(1) for m in _BARE_BUREAU.finditer(body)}
    if own and len(every) == 1 and len(kinds) == 1:
        own = [replace(p, units=_of_kind(p.units, next(iter(kinds)))) for p in own]
        yield OWN_SYSTEM_TIER, [p for p in own if p.units]


BODY_TIER = "正文"
VISITED_TIER = "正文（来访者所到的本县）"
_CAME_TO_US = re.compile(r"(?:到达|抵达|来到|莅临|赶赴|奔赴)(?:了)?我([县区旗])")
OWN_SYSTEM_TIER = "正文（该县卫生系统）"
CAMPAIGN_TIER = "正文“健康+县名”"
_BODY_TIERS = (BODY_TIER, OWN_SYSTEM_TIER, CAMPAIGN_TIER, VISITED_TIER)
_HEALTH_AFTER = re.compile(r"(?:卫生|卫健|卫计)")
# The bureau by its kind of unit alone, as the report's own calls itself ("1月10日,县卫健局联合…", "我县卫健局").
_BARE_BUREAU = re.compile(r"(?:^|(?<=[^\u4e00-\u9fff])|(?<=[在由和与及对向是年日月的我本全]))([县区旗])(?=" + AGENCY.pattern + ")")


_OTHER_PLACE = set("与赴到和同向比往援帮对")
_HOLDER = r"([\u4e00-\u9fff（）()]{2,30}?)"
_COPYRIGHT = re.compile(rf"{_HOLDER}\s*版权所有|版权所有\s*[:：©]?\s*{_HOLDER}(?=$|[\s|｜,，;；])"
                        rf"|(?:©|Copyright\s*©?)\s*(?:\d{{4}}(?:\s*[-—~]\s*\d{{4}})?\s*)?{_HOLDER}(?=$|[\s|｜,，;；]|版权)")


_HOSTED = re.compile(rf"(?:^|(?<=[\s|｜,，;；]))([\u4e00-\u9fff（）()]{{2,30}}?)\s*主办(?:单位)?(?=$|[\s|｜,，;；])")


def hosts_before_label(line: str) -> list[str]:
    """The site's host a footer line names before the word: "克东县人民政府主办 电子政务办承办"."""
    return [m.group(1) for m in _HOSTED.finditer(to_simplified(line))]


def copyright_holders(line: str) -> list[str]:
    """Who a footer line says owns the site: "©政协苍南县委员会版权所有", "版权所有：XX县人民政府"."""
    simple = to_simplified(line)
    return [next(g for g in m.groups() if g) for m in _COPYRIGHT.finditer(simple)]
_CAMPAIGN = re.compile(r"(?:健康|实力|生态|文化|美丽|平安|幸福|活力|魅力|智慧|数字)([\u4e00-\u9fff]{2,4}?)(?=建设|行动|工程|城市|县城|新局面|事业|战略|和|[”\"」，,。、；;])")


_MEDIA = re.compile(r"^([\u4e00-\u9fff]{2,4}?)(发布|融媒|融媒体中心|新闻|新闻网|日报|在线|电视台|广播电视台|之声|手机台|客户端|卫健|卫生健康)$"
                    # A county paper named 今日+its short name (来源:今日宁乡).
                    r"|^今日([\u4e00-\u9fff]{2,4})$")


def media_counties(value: str, table: DivisionTable) -> list[Place]:
    """A county's own media named by its short name (来源：五华发布, 来源：健康滦南 is a campaign)."""
    m = _MEDIA.match(to_simplified(value.strip()))
    if m is None:
        return []
    scanner = scanner_for(table)
    name = m.group(1) or m.group(3)
    units = scanner.counties.get(name) or scanner.stems.get(name)
    return [Place(name, 0, len(name), "county", units)] if units else []


# "秀山网讯", "永定新闻网讯", "五华融媒讯": an outlet named after its county opening the lead.
_DATELINE_OUTLET = re.compile(r"^\s*([\u4e00-\u9fff]{2,4}?)(?:新闻网|网|融媒体中心|融媒体?|新闻|发布|在线|电视台)讯")


def dateline_counties(ev: Evidence, table: DivisionTable) -> list[Place]:
    """The county whose outlet the lead's dateline names, when the text speaks of itself as that kind of
    unit (我县, 全县 for 秀山土家族苗族自治县): a national portal named like a county (凤凰网, 华龙网) reports
    every county, so its name alone says nothing."""
    m = _DATELINE_OUTLET.match(to_simplified(ev.lead))
    if m is None:
        return []
    scanner = scanner_for(table)
    name = m.group(1)
    units = scanner.counties.get(name) or scanner.stems.get(name) or ()
    text = to_simplified(" ".join((ev.title or "", *ev.paragraphs)))
    kinds = _self_kinds(text)
    if len(kinds) != 1 or name in scanner.cities or name in scanner.provinces:
        return []
    units = _of_kind(units, next(iter(kinds)))
    return [Place(name, m.start(1), m.end(1), "county", units)] if units else []


# "运城市建设中医药强市工作推进会暨…现场会在临猗召开": a meeting held in a county named by its name or short name.
_MEETING_PLACE = re.compile(r"(?:会议?|大会)[^，,。；;]{0,6}?在(?P<place>[\u4e00-\u9fff]{2,8}?)(?:隆重|顺利)?(?:召开|举行|开幕)")


def meeting_place_counties(lead: str, table: DivisionTable) -> list[Place]:
    """The county a lead says its meeting is held in (a city or a province, 在北京召开, is no county's)."""
    m = _MEETING_PLACE.search(to_simplified(lead))
    if m is None:
        return []
    scanner = scanner_for(table)
    name = m.group("place")
    if name in scanner.cities or name in scanner.provinces or name in _regional_names(scanner):
        return []
    units = scanner.counties.get(name) or scanner.stems.get(name)
    return [Place(name, m.start("place"), m.end("place"), "county", units)] if units else []


# The outlets a county runs (a city's and a province's, by their names, are left out): its station, its 融媒体中心.
_COUNTY_OUTLET = re.compile(r"^([\u4e00-\u9fff]{2,4}?)(?:广播电视台|电视台|融媒体中心|融媒中心)$")


def header_outlet_counties(ev: Evidence, table: DivisionTable) -> list[Place]:
    """The county whose station or 融媒体中心 a header line names as one of its words by its short name,
    of the kind of unit the text speaks of itself as (全县, 县卫计局), when it speaks of one kind."""
    scanner = scanner_for(table)
    text = to_simplified(" ".join((ev.title or "", *ev.paragraphs)))
    kinds = _self_kinds(text) | {m.group(1) for m in _BUREAU_KIND.finditer(text)}
    out = []
    for line in ev.header_lines:
        for word in to_simplified(line).split():
            m = _COUNTY_OUTLET.match(word)
            # (孝感广播电视台, 湖北广播电视台: a city's or province's station.)
            if m is None or m.group(1) in _regional_names(scanner):
                continue
            name = m.group(1)
            units = scanner.counties.get(name) or scanner.stems.get(name) or ()
            units = _of_kind(units, next(iter(kinds))) if len(kinds) == 1 else ()
            if units:
                out.append(Place(name, 0, len(name), "county", units))
    return out


def campaign_counties(text: str, table: DivisionTable) -> list[Place]:
    """Counties named as "健康X" (X a county's name or short name), read on the simplified text."""
    scanner = scanner_for(table)
    simple = to_simplified(text)
    out = []
    for m in _CAMPAIGN.finditer(simple):
        name = m.group(1)
        units = scanner.counties.get(name) or scanner.stems.get(name)
        if units and name not in _regional_names(scanner):
            out.append(Place(name, m.start(1), m.end(1), "county", units))
    return out


_REGIONAL: dict[int, tuple[object, frozenset[str]]] = {}


def _regional_names(scanner) -> frozenset[str]:
    """Names a 健康X campaign may take from a province or prefecture rather than a county: their names and
    short forms and the tail of a province's (健康龙江 is 黑龙江's campaign, 健康中国 the country's), so that
    a county sharing one (龙江县) is not read from its higher level's campaign."""
    kept = _REGIONAL.get(id(scanner))
    cached = kept[1] if kept is not None and kept[0] is scanner else None
    if cached is None:
        names = {"中国", "中华"} | set(scanner.cities)
        for full in scanner.cities:
            names.update(city_stems(full))
        for full in set(scanner.provinces.values()):
            for stem in province_stems(full):
                names.update(stem[i:] for i in range(len(stem) - 1))
        cached = frozenset(names)
        _REGIONAL[id(scanner)] = (scanner, cached)
    return cached


def extract_county(ev: Evidence, agency: Found | None, year: int | None, table: DivisionTable) -> CountyResult:
    """The county-level unit the report is about, with the evidence, or None and a flag."""
    context = _context(ev, table)
    codes = site_codes(ev)
    body_text: list[str] = []

    def body() -> str:
        if not body_text:
            body_text.append(to_simplified(" ".join(ev.paragraphs)))
        return body_text[0]

    for where, places in county_tiers(ev, agency, table):
        if not places:
            continue
        surfaces = list(dict.fromkeys(p.surface for p in places))
        options: dict[str, tuple[Division, ...]] = {}
        for p in places:
            options[p.surface] = _in_year(p.units, year)
        chosen_by_surface = {s: _disambiguate(u, context, codes) or _disambiguate(u, body(), set())
                             for s, u in options.items()}
        decided = {d.code: d for d in chosen_by_surface.values() if d is not None}
        if len(surfaces) == 1 and len(decided) == 1:
            return CountyResult(next(iter(decided.values())), where, _from_body(where, surfaces[0]))
        if len(surfaces) > 1:
            # Two names in one line: the same unit written twice (围场县 … 围场满族蒙古族自治县) decides.
            if len(decided) == 1 and all(chosen_by_surface.values()):
                return CountyResult(next(iter(decided.values())), where, _from_body(where, surfaces[0]))
            names = "、".join(surfaces)
            chosen = [d for d in chosen_by_surface.values() if d is not None]
            shared = chosen[0] if (len(chosen) == len(surfaces) and len({(d.province, d.city) for d in chosen}) == 1) \
                else None
            return CountyResult(None, where if shared else "",
                                (Flag("county-ambiguous", f"无法确定县（区）：{where} 提到多个地方 {names}"),), shared)
        units = options[surfaces[0]]
        places_text = "、".join(f"{u.province}{u.city or ''}{u.name}（{u.code}）" for u in units)
        return CountyResult(None, "", (Flag("county-ambiguous",
                                            f"无法确定县（区）：“{surfaces[0]}”可指 {places_text}"),))
    return CountyResult(None, "", (Flag("county-unknown", "原文未写明所属县（区）"),))


def _from_body(where: str, surface: str) -> tuple[Flag, ...]:
    """A county the body alone names (no title, heading line, signature, source or site line does) is weaker
    evidence: the reader is told so."""
    if where not in _BODY_TIERS:
        return ()
    return (Flag("county-from-body", f"所属县（区）只见于正文（“{surface}”，{where}），标题、落款、来源与网站信息均未写明"),)


def _in_year(units: tuple[Division, ...], year: int | None) -> tuple[Division, ...]:
    """Units valid in ``year`` (all of them when none was, or when the year is unknown: current first)."""
    if year is not None:
        valid = tuple(u for u in units if u.valid_in(year))
        if valid:
            return valid
    current = tuple(u for u in units if u.is_current)
    codes = {u.code for u in current}
    # A renamed unit keeps its code: its retired rows are the same place, not another candidate.
    return current + tuple(u for u in units if not u.is_current and u.code not in codes and u.successor not in codes) \
        if current else units


def _context(ev: Evidence, table: DivisionTable) -> str:
    """Text that may name the province or prefecture: title, labelled lines, first paragraphs."""
    parts = [ev.title or "", *ev.header_lines, *ev.tail_lines, *ev.signature, *ev.paragraphs[:3], *ev.footer_lines]
    return to_simplified(" ".join(parts))


def extract_own_city(ev: Evidence, table: DivisionTable) -> Found | None:
    """The prefecture of a county page whose county is not named: a page that speaks of itself as a county
    (我县参加全市…会议) and names one prefecture only, as the one whose whole (全市) it is part of ("临沧市人民
    政府召开全市健康扶贫暨医改工作电视电话会议"), and no county outside it. Found((province, city), sentence)."""
    text = to_simplified(" ".join((ev.title or "", *ev.paragraphs)))
    kinds = _self_kinds(text)
    if len(kinds) != 1:
        return None
    scanner = scanner_for(table)
    places = list(scanner.scan(text))
    cities = {p.city for p in places if p.kind == "city"}
    if (len(cities) != 1 and not (not cities and not places)) or any(p.kind == "province" for p in places):
        return None
    outlet = _outlet_city(ev, table) if not cities and not places else None
    if outlet is not None:
        # "德州新闻网讯 5月17日,区委统战部、区卫健局…对全区…进行督导": a city's outlet reporting a unit of the kind the
        # text speaks of itself as, which names no place, reports one of that city's own.
        return Found(outlet, f"电头或记者署名所写本县所在的市: {outlet[1]}")
    if not cities:
        return None
    city = next(iter(cities))
    if any(p.kind == "county" and all(u.city != city for u in p.units) for p in places):
        return None
    provinces = {f.province for f in table.prefectures() if f.name == city}
    for sentence in re.split(r"[。！？!?；;]", text):
        if len(provinces) != 1 or not any(p.city == city for p in scanner.scan(sentence)):
            continue
        if "全市" in sentence:
            return Found((next(iter(provinces)), city), f"正文所写本县所在的市: {sentence[:60]}")
        if _INSPECTS_US.search(sentence) and not _PARTNER.search(sentence):
            return Found((next(iter(provinces)), city), f"正文所写来本县考核的市: {sentence[:60]}")
    return None


# "德州新闻网讯", "日照新闻网讯": an outlet named after a prefecture opening the lead.
_CITY_OUTLET = re.compile(r"^\s*([\u4e00-\u9fff]{2,4}?)(?:新闻网|日报|晚报|融媒体中心|融媒|新闻|发布|在线|电视台|广播电视台)讯")


# "大众网记者 赵袁祎 日照报道": a reporter's byline naming the place reported from.
_REPORTED_FROM = re.compile(r"(?:记者|通讯员)[^。，,；;]{0,20}?\s([\u4e00-\u9fff]{2,4})\s*报道\s*$")


def _outlet_city(ev: Evidence, table: DivisionTable) -> tuple[str, str] | None:
    """(province, city) of the prefecture whose outlet the lead's dateline names, or that a reporter's byline reports
    from, when one prefecture has that name."""
    named = [m.group(1) for m in [_CITY_OUTLET.match(to_simplified(ev.lead))] if m]
    named += [m.group(1) for line in ev.byline_lines for m in [_REPORTED_FROM.search(to_simplified(line))] if m]
    found = {(f.province, f.name) for name in named for f in table.prefectures() if name in city_stems(f.name)}
    return next(iter(found)) if len(found) == 1 else None


# "以南宁市卫健委…为组长的考核组…到我县考评…": the city's body assessing the county, as a prefecture does its own
# counties; a visit to learn or to help (考察学习, 对口帮扶, 东西部协作) may come from any city.
_INSPECTS_US = re.compile(r"(?:到|来|莅临|深入|赴)(?:我|本)(?:县|区|旗)[^，,。；;]{0,8}?(?:考核|考评|督导|督查|检查|评估|验收|暗访)")
_PARTNER = re.compile(r"帮扶|协作|对口|支援|交流|学习|考察")


def extract_province(ev: Evidence, table: DivisionTable) -> str | None:
    """The province of a page whose county is unknown, when the page names one province only
    (对我县健康扶贫工作…农工党河南省委). A prefecture's name is not enough: a 市 report names its
    city, and the archive files it under no county and no province (see tests/fixtures/pages)."""
    scanner = scanner_for(table)
    found: set[str] = set()
    texts = [ev.title or "", *ev.header_lines, *ev.signature, *ev.paragraphs, *ev.footer_lines]
    for text in texts:
        simple = to_simplified(text)
        for p in scanner.scan(simple):
            if p.kind == "province":
                found.add(scanner.provinces[p.surface])
        # A province's short name of three or more characters, or of two before what only follows
        # a province (助力河北第一经济增长极, 全面推进健康广西建设, 安徽省 written 安徽).
        for stem, province in _province_short_names(table).items():
            if re.search(re.escape(stem) + _AFTER_PROVINCE, simple):
                found.add(province)
    return next(iter(found)) if len(found) == 1 else None


# (考察江西重要讲话精神: what 总书记 said visiting a province; 守住广东“北大门”: a part of the province
# it is known by, in quotes.)
_AFTER_PROVINCE = r"(?=第一|建设|省委|省政府|全省|卫生健康委|卫健委|卫生厅|高质量|重要讲话|[”\"」]|“[^”]{1,6}”)"


@lru_cache(maxsize=4)
def _province_short_names(table: DivisionTable) -> dict[str, str]:
    return {stem: p for p in table.provinces() for stem in province_stems(p)[1:] if len(stem) >= 2}


def _disambiguate(units: tuple[Division, ...], context: str, codes: set[str]) -> Division | None:
    """One unit, if the page's own words or its site code decide between same-named units."""
    if len({u.code for u in units}) == 1:
        return units[0]
    by_code = [u for u in units if u.code in codes]
    if len({u.code for u in by_code}) == 1:
        return by_code[0]
    by_city = [u for u in units if u.city and any(s in context for s in city_stems(u.city))]
    if len({u.code for u in by_city}) == 1:
        return by_city[0]
    by_province = [u for u in units if any(s in context for s in province_stems(u.province))]
    if len({u.code for u in by_province}) == 1:
        return by_province[0]
    # "全县卫生健康系统…" with 五华 (五华县, 五华区): the page says which kind of unit it is about.
    kinds = _self_kinds(context)
    # The bureau's own short form says it too: "区卫健委坚持…" (东乡: 抚州市东乡区, not 东乡族自治县).
    kinds |= {m.group(1) for m in _BUREAU_KIND.finditer(context)}
    if len(kinds) == 1:
        by_kind = _of_kind(units, next(iter(kinds)))
        if len({u.code for u in by_kind}) == 1:
            return by_kind[0]
    return None


_SELF_KIND = {"全县": "县", "我县": "县", "县委": "县", "县政府": "县", "全区": "区", "我区": "区", "区委": "区",
              "区政府": "区", "全旗": "旗", "我旗": "旗", "旗委": "旗"}
_KIND_OF = {"县": ("县", "自治县"), "区": ("区",), "旗": ("旗", "自治旗")}


def _self_kinds(text: str) -> set[str]:
    """The kinds of unit a (simplified) text speaks of itself as: 全县/我县 -> 县, 全区 -> 区."""
    return {kind for word, kind in _SELF_KIND.items() if word in text}


def _of_kind(units: tuple[Division, ...], kind: str) -> tuple[Division, ...]:
    """The units of one kind (县 takes 自治县 too, 旗 自治旗)."""
    return tuple(u for u in units if u.kind in _KIND_OF[kind])
# A bureau named with its kind of unit (县卫健局, 区卫健委, 东乡区卫健委); not a 社区卫生服务中心, nor a region's
# (自治区卫健委) or a park's bureau.
_BUREAU_KIND = re.compile(r"(?<!社)(?<!自治)(?<![园景])([县区旗])(?=" + AGENCY.pattern + ")")


def site_code_check(division: Division | None, ev: Evidence) -> list[Flag]:
    """The portal's site code starts with its own division code: a mismatch is worth a look."""
    if division is None:
        return []
    county_codes = {c for c in site_codes(ev) if not c.endswith("00")}
    if county_codes and division.code not in county_codes:
        return [Flag("site-code-mismatch",
                     f"网站标识码指向 {'、'.join(sorted(county_codes))}，与所定县（区）代码 {division.code} 不同")]
    return []
