"""Which meeting a news report reports: the county's work meeting, or a meeting on one matter.

The archive files as 会议报道 the report of a meeting on the county's health work as a whole (the
labels' convention, written at the head of tests/fixtures/real/labels.yml): a meeting whose name
names no field (…卫生健康工作会议, 卫健系统工作会, 务虚会, 述职会, 2023年工作谋划座谈会, a quarterly
例会), or one part of whose combined name (…暨…) names none, or whose report says it reviewed or set
the year's work without naming a field (对2023年重点工作进行了安排部署). A meeting on one field or task
(卫生健康宣传工作会议, 妇幼健康工作大会, 新冠病毒疫苗接种工作…部署会议, 新农合…动员大会) and a meeting of
another level held in the county (全市卫生工作推进会在我区召开) are news of another kind (其他).

A name is read by what is left of it once the words every work meeting's name is made of are taken
out (years, 全县, the bureau's words, 系统, 工作, 上半年, 总结, 部署, 述职, …): nothing left is the work as
a whole; anything left (宣传, 妇幼健康, 疫苗接种) is a field. So no list of fields is needed, and a
field never seen before counts as one.

Every function takes text as the extractors read it (evidence.reading: simplified, ASCII digits).
"""
from __future__ import annotations

import re

_MEETING = (r"(?:会议|大会|工作会|推进会|部署会|总结会|座谈会|动员会|表彰会|调度会|务虚会|例会|年会|视频会|"
            r"协调会|述职会|汇报会|培训会|评议会|研讨会|交流会|联席会|现场会|观摩会|启动会|面商会|协商会)(?![议室])")
# The meeting's name: what follows the verb that holds it ("召开2022年卫生健康宣传工作会议"), or what
# comes before "召开" ("2025年全县卫生健康工作会议召开", "全市卫生工作推进会在我区召开").
_NAME_AFTER_ACT = re.compile(rf"(?:召开|举行|举办)了?\s*(?P<name>[^，,。；;：:！!？?—]{{0,60}}?{_MEETING})")
_NAME_BEFORE_ACT = re.compile(rf"(?P<name>[^，,。；;：:！!？?“”\"—]{{1,60}}?{_MEETING})[^，,。；;]{{0,12}}?(?:召开|举行|开幕)")
_YEARS = re.compile(r"(?:19|20)(?:\d{2}|[Xx×*]{2})\s*年(?:度)?")
# A place before the bureau's words or a year ("阳东区卫生健康系统…", "汝州市卫生健康系统2025年度…").
_PLACE = re.compile(r"[\u4e00-\u9fff]{1,10}?(?:自治县|自治旗|县|区|市|旗)(?=卫|计|全|[\d〇一二]{4}|系统)")
_DUTY = r"述(?:廉|法|责|德|学|能|绩|党建|意识形态)"
_DUTY_REPORTS = rf"(?:{_DUTY})*述职(?:{_DUTY})*"
# The words any work meeting's name is made of, whatever the county and year.
_GENERIC = re.compile(
    r"今年|全(?:县|区|市|旗|州|盟)|全系统|"
    # (计划生育, 计生 alone are a field, "计划生育工作会"; beside 卫生 they are the bureau's whole remit:
    # "计划生育和卫生健康工作会议", "卫生健康和计划生育".)
    r"[(（]中医药[)）]|(?:卫生健康|卫生|卫健)[和与及、]?(?:计划生育|计生)|(?:计划生育|计生)[和与及、]?(?:卫生健康|卫生|卫健)|"
    r"卫生健康|卫生与健康|卫健|卫计|卫生|"
    # The items a 述职 meeting's leaders report on with their duties: 述职述廉述法述意识形态会议.
    rf"{_DUTY_REPORTS}|"
    r"系统|事业|行业|委员会|党组|党委|工作|业务|重点|主要|高质量发展|改革发展|发展|年度|开春|上半年|下半年|"
    r"半年|全年|年中|年|第[一二三四五六七八九十\d]+次|第?[一二三四1-4]季度|季度|领导干部|领导班子|干部职工|全体|科级干部|"
    r"中层(?:以上)?干部|干部|述职|评议|务虚|总结|部署|表彰|推进|谋划|动员|安排|考核|汇报|讲评|务实|暨|及|和|与|的|"
    r"会议|大会|例会|座谈|会|[、\s\"“”]")
# Parts of a combined name: "卫生健康、春季传染病防控暨…专项行动工作会议".
_PARTS = re.compile(r"暨|、")
# "全市卫生工作推进会在我区召开", "区卫生局承办的全市卫生工作推进会": another level's meeting, held here.
_OTHER_LEVEL = re.compile(rf"全(?:市|省|州|盟|国)[^，,。；;]{{0,30}}?{_MEETING}[^，,。；;]{{0,6}}?在我(?:县|区|旗)"
                          rf"|(?:承办|协办)的全(?:市|省|州|盟|国)")
# What a report says the meeting did with the year's work: "对2023年重点工作进行了安排部署",
# "总结回顾2015年工作，安排部署2016年重点工作任务"; the work's field, if any, is what the object says.
_SETS = re.compile(r"对(?P<obj>[^。；;，,]{0,20}?)工作(?:进行了?|作了?|作出了?)(?:全面|具体|详细|周密)?(?:总结|安排部署|部署|安排|谋划)")
_REVIEWS_OR_PLANS = re.compile(r"(?:总结|回顾|部署|安排|谋划)了?[^，,。；;]{0,6}?(?:19|20)\d{2}\s*年(?:度)?(?P<obj>[^，,。；;\d]{0,14}?)(?:工作|任务)")


def _residue(name: str) -> str:
    """What is left of a name once its years, its place and the words of every work meeting are taken out."""
    return _GENERIC.sub("", _PLACE.sub("", _YEARS.sub("", name)))


def meeting_names(text: str) -> list[str]:
    """The names of the meetings ``text`` says were held."""
    names = [m.group("name") for m in _NAME_AFTER_ACT.finditer(text)]
    return names + [m.group("name") for m in _NAME_BEFORE_ACT.finditer(text)]


def names_no_field(name: str) -> bool:
    """Whether a meeting's name names the work as a whole: one part of it is nothing but the words
    every work meeting's name is made of ("2024年上半年工作总结及下半年工作部署会议")."""
    return any(_residue(part) == "" for part in _PARTS.split(name))


def says_whole_work(text: str) -> bool:
    """Whether ``text`` says the meeting reviewed or set the year's work without naming a field
    ("对2023年重点工作进行了安排部署"; not "安排部署2017年妇幼健康工作任务")."""
    objects = [m.group("obj") for m in _SETS.finditer(text)] + [m.group("obj") for m in _REVIEWS_OR_PLANS.finditer(text)]
    return bool(objects) and all(_residue(obj) == "" for obj in objects)


def other_level(text: str) -> bool:
    """A meeting of the city or province that the county only hosted ("全市卫生工作推进会在我区召开")."""
    return _OTHER_LEVEL.search(text) is not None


# "…召开了哈尔滨市卫生与健康大会,… 我县丁宇航县长、…局长参加了会议": a meeting named after a city or a province
# (or its whole: 全市…) that the text says its own county's people attended is another level's meeting, attended.
_HIGHER_NAMED = re.compile(r"^\s*(?:(?:19|20)\d{2}\s*年(?:度)?)?\s*(?:全(?:市|省|州|盟)|[\u4e00-\u9fff]{2,8}?(?:省|市|自治州|州|地区|盟))"
                           r"(?!级)")
_WE_ATTENDED = re.compile(r"(?:^|[。；;！!])\s*我(?:县|区|旗)[^。；;，,召举]{0,40}?(?:参加|出席|列席)了?(?:会议|大会|此次会议|本次会议)")


def attended_other_level(names_from: str, text: str) -> bool:
    """Whether the meeting ``names_from`` names is another level's that ``text`` says the county attended."""
    return any(_HIGHER_NAMED.match(n) for n in meeting_names(names_from)) and _WE_ATTENDED.search(text) is not None


def is_work_meeting(names_from: str, report: str) -> bool | None:
    """Whether the meeting ``names_from`` (a headline or a first sentence) names is the county's work
    meeting, as ``report`` (its first paragraphs) tells it; None when it names no meeting."""
    if other_level(names_from):
        return False
    names = meeting_names(names_from)
    if not names:
        return None
    return any(names_no_field(n) for n in names) or says_whole_work(report)


# --- the words meeting news is told by (read by year_kind for doc_type and the meeting's year) -------------

MEETING_WORD = re.compile(r"(会议|大会|工作会|推进会|部署会|座谈会|动员会|表彰会|调度会|培训会|例会|年会|务虚会|"
                           r"述职会|评议会|总结会|汇报会|协调会|研讨会|交流会|联席会|现场会|观摩会|启动会|面商会|协商会)")
MEETING_ACT = re.compile(r"(召开|举行|举办|开幕|闭幕|胜利召开|隆重召开|顺利召开)")
ATTENDED = re.compile(r"(参加|收看|列席)[^，,。]{0,30}(会议|大会|视频会|电视电话会)")
# "…召开2023年全县卫生健康工作会议": the year a meeting is named by.
MEETING_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?:度)?[^，,。；;]{0,30}?(会议|大会|工作会)")
PLAN_YEAR = re.compile(r"(?:部署|安排|谋划|探讨)[^，,。；;、]{0,6}?((?:19|20)\d{2})\s*年|(?:部署|安排|谋划)[^，,。；;]{0,14}?((?:19|20)\d{2})\s*年(?:重点|主要)?(?:工作|任务)|((?:19|20)\d{2})\s*年(?:度)?[^，,。；;\d]{0,12}?(?:部署会|工作部署|安排部署)")
# (Not "工作总结和2010年下半年工作方案": a year right after 总结 and a conjunction is the plan's.)
REVIEW_YEAR = re.compile(r"(?:总结|回顾|表彰|表扬)(?![和及暨与]\s*(?:19|20)\d{2})[^，,。；;]{0,8}?((?:19|20)\d{2})\s*年")
MEETING_NAME = r"(会议|大会|工作会|推进会|部署会|总结会|座谈会|动员会|表彰会|调度会|务虚会)"
WORK_MEETING_SUBJECT = re.compile(r"(召开|举行)[^，,。；;]{0,16}(卫生|卫计|卫健)[^，,。；;]{0,10}工作")
# The meetings the archive files as 会议报道, as the corpus' labels do: a county's health work
# meeting (卫生健康工作会议, 卫生计生工作会, …暨…工作会议), its year's 总结/部署 meeting, the bureau's
# all-staff meeting, or any meeting that reviews one year's work and plans the next; a meeting on
# one matter (an epidemic, a party congress, 妇幼健康) reported in the body is news (其他).
WORK_MEETING = re.compile(r"((?<!公共)(卫生|卫健|卫计|计生)[^，,。；;]{0,12}工作[^，,。；;]{0,16}(会议|会|大会)"
                           r"|干部职工大会|全体干部大会|工作总结会|工作部署会)")
YEAR_WORK_MEETING = re.compile(r"(召开|举行)了?\s*(?:19|20)\d{2}\s*年(?:度)?[^，,。；;]{0,30}?(?<!公共卫生)工作(会议|会|大会)")
SETS_WORK = re.compile(r"对[^。；;，,]{0,20}工作(?:进行了?|作了?|作出了?)(?:全面|具体|详细|周密)?(安排部署|部署|安排|谋划)")
# "在8月17日召开的全县目标责任考核总结表彰大会上，旬阳卫计局被授予…": news of what happened at a
# meeting (an award), not a report of the meeting.
AT_MEETING = re.compile(rf"^在[^，,。；;]{{0,40}}召开的[^，,。；;]{{0,40}}{MEETING_NAME}上")
LEAD_MEETING = re.compile(rf"(召开|举行|举办)[^，,。；;]{{0,40}}{MEETING_NAME}|{MEETING_NAME}[^，,。；;]{{0,20}}(召开|举行)")
# The meeting as the subject of a sentence: "会议指出", "会议还对…表彰", "会上，".
MEETING_SUBJECT = re.compile(r"(?:^|[。；;，,！!])\s*(?:会议|会上)(?:指出|要求|强调|认为|号召|提出|还|对|传达|宣读|听取|[，,])")


def lead_reports_work_meeting(lead: str, lead_reading: str, first: str, opening: str, report: str) -> bool:
    """Whether a first sentence that reports a meeting held (``lead``, simplified; ``lead_reading``) reports
    the county's work meeting: the meeting's name says which ("召开妇幼健康工作大会" is on one field, "召开
    2023年全县卫生健康工作会议" on the work as a whole); the words below only when it names none: a meeting
    named by its year ("召开2022年医政医管暨中医药工作会议"), or one that set the system's work ("对卫健系统
    年重点工作进行了安排部署") or reviewed one year and planned the next (``first``, ``opening``: the first
    paragraph, the first two), is the bureau's work meeting, not a one-off (an emergency call, relaying a
    congress). What happened at a meeting (an award: "在…召开的…大会上") is not its report."""
    named = is_work_meeting(lead_reading, report)
    if named is None:
        reviews_and_plans = REVIEW_YEAR.search(first) is not None and PLAN_YEAR.search(first) is not None
        named = (WORK_MEETING.search(lead) is not None or reviews_and_plans
                 or YEAR_WORK_MEETING.search(lead) is not None or SETS_WORK.search(opening) is not None)
    return bool(named) and not AT_MEETING.search(lead)
