"""Who wrote a report: the agency's name as written, strongest evidence first (its full name,
read alike by hand corrections, is ``evidence.full_agency_name``)."""
from __future__ import annotations

import re

from .divisions import Division, DivisionTable
from .evidence import (AGENCY, AGENCY_WORDS, FULL_AGENCY, LISTED, PUBLISHER_LABELS, SOURCE_LABELS, Evidence,
                       Found, evaluates_bureau, fallback_titles, labelled, site_bureau)
from .meetings import MEETING_WORD, other_level
from .places import counties_in, places_in, scanner_for
from ..core.tradsimp import to_simplified

def find_agency(text: str, table: DivisionTable, county_only: bool = False, title: bool = False,
                lead: bool = False) -> str | None:
    """The agency name as written in ``text``: a place name (if any) plus a health-bureau word.

    With ``county_only`` (the first sentence of the body), only a county's own bureau counts:
    "在市卫健委的指导下" names the supervising city bureau, not the author. With ``title`` or
    ``lead`` (the report's title or first sentence), a template's masked county ("xx县卫生健康局在
    县委…的领导下") still names the kind of bureau that wrote it: 县卫生健康局.
    """
    simple = to_simplified(text)
    places = {p.end: p for p in scanner_for(table).scan(simple)}
    for m in AGENCY.finditer(simple):
        # "县卫生局卫生监督所2005年卫生监督工作总结": a unit under the bureau, named right after it, is not the bureau.
        if _SUBORDINATE.match(simple, m.end()):
            continue
        place = places.get(m.start())
        if place is not None and (place.kind == "county" or not county_only):
            return text[place.start:m.end()]
        # A report's own title opening on its bureau without the place ("卫生局8月份工作总结").
        # "某卫生局工作计划", "XX卫生局…": a title's masked place leaves the bureau word too.
        if title and (m.start() == 0 or _YEAR_ONLY.match(simple[: m.start()]) or _MASK_ONLY.match(simple[: m.start()])):
            return text[m.start(): m.end()]
        # "13日上午,卫计局召开…专题会": a news lead whose subject is the bare bureau, acting.
        if lead and _LEAD_SUBJECT.match(simple, 0, m.start()) and _ACTS.match(simple, m.end()):
            return text[m.start(): m.end()]
        # "县卫健委", "我县卫健局": the county is implied, so the name is kept as written.
        # "宁夏回族自治区卫生健康委员会", "自治区卫计委副主任": a province's commission.
        if simple[max(0, m.start() - 3):m.start()] == "自治区":
            continue
        # "各县区卫生局", "XX县区卫生局": two kinds of unit at once (each county's and district's bureaus, or a
        # template's either) name no one bureau.
        if simple[max(0, m.start() - 2):m.start()] in _KIND_PAIRS:
            continue
        if m.start() > 0 and simple[m.start() - 1] in ("县区旗" if county_only else "县区旗市"):
            # "XX县卫生健康局", "**区卫健委": a 范文 site's placeholder, not a bureau's name.
            if m.start() > 1 and simple[m.start() - 2] in _PLACEHOLDER and not (title or lead):
                continue
            # "示范区卫生健康局", "高新区卫健委": a functional zone's bureau keeps the kind of zone it names.
            zone = _ZONE.search(simple, 0, m.start())
            return text[zone.start() if zone else m.start() - 1:m.end()]
    return None


_SUBORDINATE = re.compile(r"(?:卫生|妇幼|卫生计生)?(?:监督所|监督局|监督执法局|疾病预防控制中心|疾控中心|保健院|保健所|服务中心|急救中心)")

# What comes before a news lead's subject: its dateline (本报讯…) and day ("13日上午,", "近日，").
_LEAD_SUBJECT = re.compile(r"^[^，,。；;]{0,30}[，,]\s*$")
_ACTS = re.compile(r"(召开|举行|举办|组织|开展|启动|印发|部署|召集)")

# Government bureaus listed together (县卫生局、计生局主要负责人参加会议; 县卫计局、县扶贫办和县直有关单位负责人聆听
# 会议): departments attending, none the author.
_BUREAUS_LISTED = re.compile(r"[局委][、和及与][^、，,。；;]{1,10}(?:[局委部](?!员)|办(?![理法事])|办公室)")
_INVITED = re.compile(r"应邀|特邀|受邀")
# "区卫健局党组书记、局长赵中同志等陪同": officials accompanying another body's visit, not the author, unless
# one of them then acts in the text (陪同调研… 胡云清主任就…情况作了汇报: the bureau reports its work).
_ACCOMPANYING = re.compile(r"陪同|随同")
_CREDITED = re.compile(r"(?:责任编辑|编辑|责编|审核|审校|校对|签发|撰稿|作者|摄影|供稿|文/图|图/文|文图)\s*[:：]\s*[\u4e00-\u9fff]{2,3}")
_OFFICIAL_NAME = re.compile(r"(?:局长|主任|书记|组长)([\u4e00-\u9fff]{2,3}?)(?=同志|[,，、;；和及与等]|陪同|随同)")
# A text that speaks as a hospital ("来我院视察", "对我院…"): the hospital's own, so a bureau whose officials
# attend or accompany is not its author; a bureau's text speaks as 我局/我委.
_AS_HOSPITAL = re.compile(r"我院")
_AS_BUREAU = re.compile(r"我局|我委|本局|本委")
_ZONE = re.compile(r"(示范区|开发区|高新区|新区|管理区|试验区|实验区|经开区|园区)$")
_PLACEHOLDER = set("XxＸｘ×*＊某")
_KIND_PAIRS = {"县区", "区县", "县市", "市县", "旗县", "县旗"}
# Only a year before the bureau's name: "2021年度卫计局工作总结", "xx年卫生局上半年工作总结".
_MASK_ONLY = re.compile(r"^\s*[XxＸｘ×*＊某]{1,4}\s*$")
_YEAR_ONLY = re.compile(r"^\s*(?:(?:19|20)[\dXx×*]{2}|[Xx×*]{2,4})\s*年(?:度)?\s*$")
# (Also after the year whose work of its own bodies is set: "会议安排部署了2021年卫生健康委纪检监察重点工作".)
_OFFICIALS = re.compile("(?:^|[、，,]|(?:19|20)\\d{2}年度?)(" + "|".join(AGENCY_WORDS) + ")(局长|党组|党委|主任|副局长|副主任|班子|"
                        "主要负责人|负责人|负责同志|机关|纪检监察|纪检组|在.{0,16}(?:领导|指导)下)")


def body_agency(paragraphs: tuple[str, ...], table: DivisionTable, guests: bool = False) -> tuple[str, str] | None:
    """The county bureau the body names, when it names only one (封丘县卫健委 in "《封丘县卫健委关于
    表扬…》"; 县卫计局 in "会上，县卫计局与…"): (name as written, the paragraph's start). With ``guests``
    (the text reports another level's meeting held in the county), a bureau among those attending does not count."""
    found: dict[str, tuple[str, str]] = {}
    host = _meeting_host(paragraphs)
    for para in paragraphs:
        text = _MET_WITH.sub("", _VISITED.sub("", _OVERSIGHT.sub("", para)))
        # (A bureau a unit acts jointly with is its partner, as in the lead.)
        text = _without_partners(text)
        if guests:
            text = _ATTENDING.sub("", text)
        for sentence in re.split(r"[。！？!?；;]", text):
            # "呼和浩特市卫计委、赤峰市松山区卫计局等5个地区作经验交流": bureaus listed among others
            # (the county's bureau listed with its hospitals, 县卫计局、县人民医院, still counts).
            simple = to_simplified(sentence)
            # "县卫生局局长…、县农医局局长…应邀出席会议": the bureaus of invited guests, not the author.
            if _INVITED.search(simple) or (_ACCOMPANYING.search(simple) and not _acts_elsewhere(simple, paragraphs)):
                continue
            if LISTED.search(simple) and (len(_bureaus_named(simple, table)) > 1 or _BUREAUS_LISTED.search(simple)):
                continue
            # "疏勒县卫健委和东营援疆工作指挥部相关负责人进行了总结": at another body's meeting, a bureau joining its host.
            if host and _joins(simple, host):
                continue
            agency = find_agency(sentence, table, county_only=True)
            # "卫生局局长宋碧宏在会上…": a sentence opening on the bureau's officials names the
            # report's own bureau (其 place is the report's county).
            m = _OFFICIALS.search(to_simplified(sentence))
            if agency is None and m:
                agency = sentence[m.start(1): m.end(1)]
            if agency:
                key = "".join(p.surface for p in counties_in(agency, table)) or "县"
                found.setdefault(key, (agency, sentence[:60]))
    named = {k: v for k, v in found.items() if k != "县"}
    if len(named) == 1:
        return next(iter(named.values()))
    if not named and found:
        return found["县"]
    return None


# "2025年1月5日,东营援疆工作指挥部举行2024年度…工作总结暨述职考评会议": the body the first sentence says holds
# the meeting (the clause's subject before 举行/召开/举办, after its day).
_HOST = re.compile(r"(?:^|[，,])\s*(?:(?:19|20)\d{2}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?(?:[上下]午|晚上)?\s*"
                   r"(?P<host>[\u4e00-\u9fff]{3,20}?(?:部|委员会|政府|办公室|中心|协会|学会|集团|公司))"
                   r"(?:在[^，,。；;]{1,12})?(?:隆重|组织|联合)?(?:举行|召开|举办)[^，,。；;]{0,40}?" + MEETING_WORD.pattern)


def _meeting_host(paragraphs: tuple[str, ...]) -> str | None:
    """The body other than a health bureau that the first sentence says holds the meeting it reports."""
    if not paragraphs:
        return None
    first = re.split(r"[。！？!?]", to_simplified(paragraphs[0]), maxsplit=1)[0]
    m = _HOST.search(first)
    return m.group("host") if m and not AGENCY.search(m.group("host")) else None


def _joins(simple: str, host: str) -> bool:
    """Whether a sentence names a bureau together with the meeting's host (X卫健委和<host>, <host>与X卫健委)."""
    h = re.escape(host)
    return re.search(f"(?:{AGENCY.pattern})[和与及、同]{h}|{h}[和与及、同][^，,。；;]{{0,12}}?(?:{AGENCY.pattern})",
                     simple) is not None


def _acts_elsewhere(sentence: str, paragraphs: tuple[str, ...]) -> bool:
    """Whether an official the sentence names by title and name appears again in the text."""
    names = [m.group(1) for m in _OFFICIAL_NAME.finditer(sentence)]
    # (An editor's or writer's credit naming the same person, 责任编辑:张晓泉, is no act in the text.)
    body = _CREDITED.sub("", to_simplified("".join(paragraphs)))
    return any(body.count(name) > sentence.count(name) for name in names)


def _bureaus_named(simple: str, table: DivisionTable) -> set[tuple[str, str]]:
    """The distinct bureaus a sentence names, as (place, full word): "县卫生和计划生育局、县人民医院…在县卫计局
    三楼分会场" names one bureau twice, "呼和浩特市卫计委、赤峰市松山区卫计局" two."""
    places = {p.end: p.surface for p in scanner_for(table).scan(simple)}
    out = set()
    for m in AGENCY.finditer(simple):
        before = simple[m.start() - 1] if m.start() else ""
        place = places.get(m.start(), before if before in "县区旗市" else "")
        out.add((place, FULL_AGENCY.get(m.group(0), m.group(0))))
    return out


def extract_agency(ev: Evidence, table: DivisionTable) -> Found | None:
    """The agency, strongest evidence first: the title, the lines right under it, the signature,
    the page's 发布机构/来源 lines, the first sentence of the body, the site's title for the page,
    and last a county bureau the body names (only when it names one)."""
    if ev.title:
        title = _not_authors(ev.title, table)
        agency = find_agency(title, table, title=not _TEMPLATE_TITLE.search(to_simplified(ev.title)))
        if agency:
            return _compiler(ev, agency, table) or _with_its_place(Found(agency, f"标题: {ev.title}"), ev)
    sources = [("标题下", line) for line in ev.under_title]
    sources += [("落款", line) for line in ev.signature]
    for where, text in sources:
        agency = find_agency(text, table)
        if agency:
            return Found(agency, f"{where}: {text}")
    # A page's 来源/发布机构 line may name the city's or province's commission that reposted it
    # (来源：邯郸市卫生和计划生育委员会): only a county's own bureau there is the report's.
    lines = ev.header_lines + ev.tail_lines
    for label, value in labelled(lines, PUBLISHER_LABELS + SOURCE_LABELS):
        agency = find_agency(value, table, county_only=True)
        if agency:
            return Found(agency, f"{label}行: {value}")
    # "发布机构: | 卫健局 |": a government portal's publisher row gives the bureau bare, as the site's own department; it is
    # the county's bureau the page is of (a 来源 line's bare bureau may be anyone's, and a city's 市卫健委 is not bare).
    for label, value in labelled(lines, PUBLISHER_LABELS):
        if to_simplified(value).strip() in AGENCY_WORDS:
            return Found(value.strip(), f"{label}行: {value}")
    credit = closing_credit(ev, table)
    if credit:
        return credit
    # Only the lines that name the page's author above stand for a hospital's own text; its body's bureaus do not.
    if _speaks_as_hospital(ev):
        return None
    guests = other_level(ev.title or "") or other_level(ev.lead)
    # "XX县人大常委会根据…对县卫生健康局的工作进行了评议": the page of the body that evaluates the bureau, not its.
    evaluated = evaluates_bureau(ev.paragraphs, ev.title)
    lead = _not_authors(_OVERSIGHT.sub("", ev.lead), table)
    agency = find_agency(_ATTENDING.sub("", lead) if guests else lead, table, county_only=True, lead=True)
    if agency and not evaluated:
        return _named_in_full(Found(agency, f"正文首句: {ev.lead[:60]}"), ev, table)
    if not ev.title:
        for where, text in fallback_titles(ev):
            own = not _TEMPLATE_TITLE.search(to_simplified(text))
            agency = find_agency(text, table, title=own)
            if agency:
                return _with_its_place(Found(agency, f"{where}: {text}"), ev)
    named = None if evaluated else body_agency(ev.paragraphs, table, guests)
    if named:
        return Found(named[0], f"正文: {named[1]}")
    credit = closing_credit(ev, table, alone=True)
    if credit:
        return credit
    # Last, the site's own name above the title (汉川市人民政府-卫生健康局): a county's bureau publishing its page.
    # It names the bureau as it is now: a page of 2017 on 岳塘区卫生健康局's site was the 区卫计局's, as its text says.
    for line in ev.site_lines:
        site = site_bureau(line)
        if site and any(p.kind == "county" and p.end == len(site[0]) for p in places_in(site[0], table)):
            adjacent = to_simplified(line).find(to_simplified(site[0]) + to_simplified(site[1])) >= 0
            return Found(site[0] + site[1] if adjacent else site[1], f"网站名: {line}")
    return None


# "本年度报告…由宣州区卫生和计划生育委员会编制": the report states its compiler by its full name, as it was
# called in the year reported, where the title (published after a renaming) says 宣州区卫健委.
_COMPILED_BY = re.compile(r"报告[^。；;]{0,120}?由([^，,。；;、]{2,30}?)(?:负责)?编制")


def _compiler(ev: Evidence, title_agency: str, table: DivisionTable) -> Found | None:
    """The bureau the report's opening names as its compiler, when it is the title's bureau's place's."""
    place = {p.surface for p in counties_in(title_agency, table)}
    for para in ev.paragraphs[:2]:
        m = _COMPILED_BY.search(to_simplified(para))
        named = find_agency(para[m.start(1):m.end(1)], table, county_only=True) if m else None
        if named and place and {p.surface for p in counties_in(named, table)} == place:
            return Found(named, f"正文所述编制单位: {para[max(0, m.start() - 10):m.end()]}")
    return None


# "…再上新台阶。 (卢氏县计生委李金萍 李晓玲)": a credit in brackets glued to the end of the text, the organisation
# and then its writers, as a 供稿 line would give them.
# (The writers may follow a colon, and the credit may stand alone after the body, removed as chrome: "(合江县卫计局:王蓉)".)
_CLOSING_CREDIT = re.compile(r"[(（]\s*(?P<org>[\u4e00-\u9fff]{0,12}?(?:" + AGENCY.pattern + r"))"
                             r"\s*(?:[:：]\s*)?(?:[\u4e00-\u9fff]{2,3}(?:[\s、,，]+[\u4e00-\u9fff]{2,3}){0,3})?\s*[)）]\s*$")
_ALONE = re.compile(r"^\s*[(（]")


def closing_credit(ev: Evidence, table: DivisionTable, alone: bool = False) -> Found | None:
    """The county bureau a bracketed credit at the end of the last paragraph names, or with ``alone`` one
    standing on a line of its own right after the body (removed as chrome; read after the lead and the body,
    which name the bureau in full where the credit may not: 永泰县卫健局… / (县卫健局办公室 吴婧颖))."""
    if not ev.paragraphs:
        return None
    candidates = [(line, "正文后的署名行") for line in ev.closing_lines if _ALONE.match(line)] if alone else \
        [(ev.paragraphs[-1], "正文末的署名")]
    for text, where in candidates:
        m = _CLOSING_CREDIT.search(to_simplified(text))
        if m and where == "正文后的署名行" and m.start() != _ALONE.match(text).end() - 1:
            continue
        agency = find_agency(text[m.start("org"):m.end("org")], table, county_only=True) if m else None
        if agency:
            return Found(agency, f"{where}: {text[m.start():].strip()}")
    return None


def _speaks_as_hospital(ev: Evidence) -> bool:
    """Whether the text calls itself a hospital (我院) and never a bureau (我局)."""
    text = to_simplified(" ".join((ev.title or "", *ev.paragraphs)))
    return bool(_AS_HOSPITAL.search(text)) and not _AS_BUREAU.search(text)


def _with_its_place(found: Found, ev: Evidence) -> Found:
    """A title's bare bureau (卫生局上半年工作总结) as the body writes it with its kind of place
    (设在了区卫生局): 区卫生局."""
    name = to_simplified(str(found.value))
    if name not in AGENCY_WORDS:
        return found
    for para in ev.paragraphs:
        m = re.search(f"(?<![市省州])([县区旗]){name}", to_simplified(para))
        if m and not _OVERSIGHT.search(para[max(0, m.start() - 20):m.end() + 8]):
            return Found(para[m.start():m.end()], f"{found.evidence}；正文: {para[max(0, m.start() - 10):m.end()]}")
    return found


def _named_in_full(found: Found, ev: Evidence, table: DivisionTable) -> Found:
    """A lead's bureau by its kind of unit alone (区卫生健康委对口帮扶工作…) as the body names it in full, with its county,
    opening a clause (在即将过去的2019年,海淀区卫生健康委认真贯彻…): that name, when the body gives one county so, of that kind."""
    name = to_simplified(str(found.value))
    if len(name) < 2 or name[0] not in "县区旗" or name[1:] not in AGENCY_WORDS:
        return found
    full: dict[str, tuple[str, str]] = {}
    for para in ev.paragraphs:
        simple = to_simplified(para)
        for p in counties_in(para, table):
            # (Only as a clause's subject: "与桃江县卫健局交流经验" names another county's bureau.)
            opens = p.start == 0 or simple[p.start - 1] in "，,。；;！!？?"
            if opens and simple.startswith(name[1:], p.end) and p.surface.endswith(name[0]):
                full.setdefault(p.surface, (para[p.start:p.end + len(name) - 1], para[max(0, p.start - 10):p.end + 10]))
    if len(full) != 1:
        return found
    value, where = next(iter(full.values()))
    return Found(value, f"{found.evidence}；正文: {where}")


def city_county_agency(ev: Evidence, division: Division, table: DivisionTable) -> Found | None:
    """For a county-level city (临湘市, 宜都市), "市卫生健康局" in its own report is its own bureau."""
    if division.kind != "县级市":
        return None
    return _city_bureau(ev, table, division.name)


def self_city_agency(ev: Evidence, table: DivisionTable) -> Found | None:
    """For a page whose county is not known but that speaks of itself only as a 市 (我市, 全市; never
    我县/全区…), the 市卫健局 its text names is its own: 市卫生健康局 as written."""
    text = to_simplified(" ".join((ev.title or "", *ev.paragraphs)))
    if not _SELF_CITY.search(text) or _SELF_OTHER.search(text):
        return None
    return _city_bureau(ev, table, None)


_ATTENDEES = re.compile(r"(?:" + AGENCY.pattern + r")(?:党组|党委)?(?:书记|主任|副主任|局长|副局长|负责人)[\u4e00-\u9fff]{0,3}[，,、]"
                        r"[^。；;]*(?:参加|出席|列席)了?(?:会议|活动|大会)?\s*$")
_SELF_CITY = re.compile(r"[我全本]市")
_SELF_OTHER = re.compile(r"[我全本][县区旗]")


def _city_bureau(ev: Evidence, table: DivisionTable, own: str | None) -> Found | None:
    for para in (ev.title or "", *ev.under_title, *ev.signature, *ev.paragraphs):
        text = _OVERSIGHT.sub("", para)
        # "市长李哲出席并讲话,临猗县委书记靳国全,市卫健委主任高萍,…副县长孙鹏参加": a city bureau's head listed among
        # those a sentence says attend is a guest of the meeting, not its report's author.
        text = "。".join("□" * len(t) if _ATTENDEES.search(to_simplified(t)) else t for t in text.split("。"))
        simple = to_simplified(text)
        # "按照全国、全省、南平市卫健委工作部署": the 市 that ends another city's name is that city's bureau.
        named = {p.end for p in scanner_for(table).scan(simple) if p.surface != own}
        for m in re.finditer(r"(?<![省州])市(" + "|".join(AGENCY_WORDS) + ")", simple):
            if m.start() + 1 not in named:
                return Found(text[m.start():m.end()], f"正文: {text[max(0, m.start() - 20):m.end() + 10]}")
    return None


# A compilation of several reports ("卫生健康局2019年工作总结范文（通用5篇）", "卫健局2022年卫生健康工作总结
# 【3篇】") is no one report: its bare 卫生健康局 names no bureau. A single 范文 or a 文库 file's name
# ("卫生健康局关于2022年工作总结暨工作计划范文.docx") still names the kind of bureau that wrote it, as
# the labels of the real corpus read it (a013, a024).
_TEMPLATE_TITLE = re.compile(r"[(（【][^()（）【】]{0,4}\d+篇[)）】]")

# "随后分组分别到县卫健局查看…档案材料": in the body, a bureau visitors go to is a place they check, not the author
# (a lead's "县政协副主席来到县卫生局…视察" makes the bureau the visit's object, and its page the bureau's).
_VISITED = re.compile(r"(?:到|赴|来到|走进|深入|前往)了?(?:[\u4e00-\u9fff]{2,8}?[县区旗]|[县区旗])?(?:" + AGENCY.pattern + ")")
# "调研组…与河东区常务副区长刘涛、区政协副主席、区卫生健康委党委书记刘耘等进行了深入交流": the officials visitors
# talk with, listed, are the hosts of another body's visit, not the author of its report.
_MET_WITH = re.compile(r"与[^。；;！!？?]{0,60}?、[^。；;！!？?]{0,30}?等(?:同志|人)?(?:进行了?|座谈|交流|会谈)")
# "全市妇幼健康服务工作会议在我县召开,…、县卫健局主要负责人及全市各县区妇幼机构参加会议": at another level's meeting
# held in the county, a bureau listed among those attending is a guest (one that hosts it, 区卫生局承办的全市…, is not).
_ATTENDING = re.compile(r"[^，,。；;]*[、及和与][^，,。；;]*(?:参加|出席|列席|参会)了?(?:会议|大会|座谈会?|活动)?(?=$|[，,。；;])")

# "区委书记深入区卫生健康委、区医疗保障局、区体育局调研", "区领导深入区卫健委区医保局区体育局调研": a bureau visited
# together with other departments is one of the places visited, not the author (a lead's visit to the bureau alone,
# 县政协副主席来到县卫生局…视察, still makes the page the bureau's).
_VISITED_AMONG = re.compile(r"(?:到|赴|来到|走进|深入|前往|莅临)了?(?:[\u4e00-\u9fff]{0,8}?[县区旗])?(?:" + AGENCY.pattern
                            + r")(?:[、和及与]?(?:[县区旗]|[\u4e00-\u9fff]{2,8}?[县区旗])?[\u4e00-\u9fff]{1,6}?(?:局|委(?!员)|办公室|办))+")
# "市卫生健康委党委书记、主任王栩冬带队赴河东区调研…": a city's or province's bureau that goes to a county to visit or
# inspect it is the visitor from another level, not the county's author.
_GOES_TO = re.compile(r"(?:带队|率队|一行)?(?:赴|到|深入|走进|前往|莅临)(?P<place>[\u4e00-\u9fff]{2,10}?[县区旗市])"
                      r"[^，,。；;]{0,16}?(?:调研|视察|检查|督导|督查|考察|考核|慰问|走访|指导)")
_EVALUATED_TITLE = re.compile(r"(?:人大常委会|人大|政协)[^。，,；;]{0,12}?关于对(?P<bureau>(?:[\u4e00-\u9fff]{0,8}?[县区旗]|[县区旗])?(?:"
                             + AGENCY.pattern + r"))")
_HIGHER_BUREAU = re.compile(r"(?:^|(?<=[^县区旗]))(?:市|省|自治区|州)(?:" + AGENCY.pattern + ")")


def _not_authors(text: str, table: DivisionTable) -> str:
    """``text`` without the bureaus it names only as visited among other departments, or as visiting a county
    from a higher level (each blanked with □, so a name is not read across the gap)."""
    simple = to_simplified(text)
    spans = [m.span() for m in _VISITED_AMONG.finditer(simple)]
    # "XX县人大常委会关于对县卫生健康局工作情况的评议意见": the bureau a 人大/政协 body's opinion (评议/审议意见) is about.
    spans += [m.span("bureau") for m in _EVALUATED_TITLE.finditer(simple)]
    spans += [m.span("bureau") for m in _JOINED_BY_UNIT.finditer(simple)]
    go = _GOES_TO.search(simple)
    if go and any(p.kind == "county" and p.start == 0 for p in places_in(go.group("place"), table)):
        spans += [m.span() for m in _HIGHER_BUREAU.finditer(simple, 0, go.start())]
    for start, end in spans:
        text = text[:start] + "□" * (end - start) + text[end:]
    return text


# "全州县卫生健康监督所联合全州县卫生健康局相关股室、县疾控中心…开展…": a unit (监督所, 疾控中心, a hospital) acting
# jointly with the bureau (or its sections) is the author; the bureau is its partner ("县卫生健康局联合县疾控中心…" stays
# the bureau's).
_JOINED_BY_UNIT = re.compile(r"(?:监督所|监督局|监督执法局|中心|医院|保健院|卫生院|保健所)(?:联合|会同|协同|携手)\s*"
                             r"(?P<bureau>(?:[\u4e00-\u9fff]{0,8}?[县区旗市])?(?:" + AGENCY.pattern + r"))")
def _without_partners(text: str) -> str:
    """``text`` with each bureau a unit acts jointly with blanked (□, as ``_not_authors`` blanks)."""
    simple = to_simplified(text)
    if len(simple) != len(text):
        return text
    for m in _JOINED_BY_UNIT.finditer(simple):
        text = text[:m.start("bureau")] + "□" * (m.end("bureau") - m.start("bureau")) + text[m.end("bureau"):]
    return text


# "我院在县卫健局的正确领导下": the bureau named as the one leading is not the author.
_OVERSIGHT = re.compile(r"在[^，,。]{0,20}?的[^，,。]{0,6}?(领导|指导|支持|关心|帮助)下?")
