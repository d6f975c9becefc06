"""Chrome known by its place among other lines, not by the line alone: blocks and forms a site sets
around a report (a 范文 site's outline, a repost's teaser copies, a mailbox letter's form, a photo
caption split in two, a run of menu items at the head, other articles' teasers after a read-more
link, an account's list of its other posts, a journal database's record, a category word at the
page's start or end, a 文库 widget's date). Each function takes the page's lines (``simple``: the
simplified reading, ``matched``: each line's first chrome rule or None) and returns the indices of
the lines that go; ``clean.py`` names and removes them."""
from __future__ import annotations

import bisect
import itertools
import re

from .chrome_rules import ChromeRule
from .lines import is_agency_line, is_prose, is_report_title, numbering_rank

OUTLINE = "outline"
"""The rule (data/chrome.yml) of an outline's opening line, and the name of the lines it lists."""
MIN_COPY = 40
MAX_LIST_ENTRY = 80


def outline_lines(simple: list[str], matched: list[ChromeRule | None]) -> set[int]:
    """The entries of a 范文 site's outline ("目录/提纲:……" and the headings it lists), up to the
    report's title or its first sentence."""
    out: set[int] = set()
    for i, rule in enumerate(matched):
        if rule is None or rule.name != OUTLINE:
            continue
        # "目录/提纲:……" … "……": an outline the site closes with an ellipsis of its own, every entry
        # short (a heading, or the start of an item cut off), ends there, prose-like entries and all.
        closer = _outline_closer(simple, i)
        if closer is not None:
            return {j for j in range(i + 1, closer + 1) if simple[j]}
        for j in range(i + 1, len(simple)):
            text = simple[j]
            if not text or matched[j] is not None:
                continue
            if is_report_title(text) or is_prose(text):
                break
            out.add(j)
        break
    return out


_ELLIPSIS_LINE = re.compile(r"^(?:…{1,3}|\.{3,6}|。{3,6})$")
MAX_OUTLINE_ENTRY = 60
MAX_OUTLINE_LINES = 80


def _outline_closer(simple: list[str], opener: int) -> int | None:
    """The line closing an outline with an ellipsis alone, when every entry before it is short."""
    for j in range(opener + 1, min(len(simple), opener + 1 + MAX_OUTLINE_LINES)):
        if _ELLIPSIS_LINE.match(simple[j]):
            return j
        if len(simple[j]) > MAX_OUTLINE_ENTRY:
            return None
    return None


# "【提纲】一、2022年工作情况。一是加强组织领导。…": a 文库 site's outline run into one line.
_ONE_LINE_OUTLINE = re.compile(r"^[【\[]\s*(?:提纲|大纲|目录|内容提纲|文章提纲|文章目录)\s*[】\]]\s*[:：]?\s*(?P<entries>.+)$")
_ENTRY_STOP = re.compile(r"[。；;]")
MIN_OUTLINE_HITS = 2


def one_line_outlines(simple: list[str]) -> set[int]:
    """Lines that are a site's outline in one line: a bracketed 提纲/目录 label, then entries most
    of which start lines below it (the headings they list). The label alone is not enough: a
    report may have a line of its own so labelled."""
    out: set[int] = set()
    for i, text in enumerate(simple):
        m = _ONE_LINE_OUTLINE.match(text) if text else None
        if m is None:
            continue
        entries = [e.strip() for e in _ENTRY_STOP.split(m.group("entries")) if e.strip()]
        below = [t for t in simple[i + 1:] if t]
        hits = sum(any(t.startswith(e) for t in below) for e in entries)
        if hits >= MIN_OUTLINE_HITS and 2 * hits >= len(entries):
            out.add(i)
    return out


# A tag or category widget's word alone at the very end of a page (川南在线's "其他").
_CATEGORY_WORD = re.compile(r"^(其他|其它|未分类|默认分类)$")


def trailing_categories(simple: list[str], tail_start: int, is_chrome) -> set[int]:
    """Category words alone after the body with nothing but chrome (or more such words) after
    them: the page's last widget. Anywhere else a lone 其他 may be a report's heading, kept."""
    out: set[int] = set()
    for i in range(len(simple) - 1, tail_start - 1, -1):
        text = simple[i]
        if not text:
            continue
        if _CATEGORY_WORD.match(text):
            out.add(i)
        elif not is_chrome(i):
            break
    return out


def leading_category(simple: list[str]) -> set[int]:
    """A category word alone as the page's first line, over a line that is no sentence (a headline): the
    site's label of the post (其他, 未分类). Over a paragraph it may be the heading of a report's section, kept."""
    nonblank = [i for i, t in enumerate(simple) if t]
    if len(nonblank) >= 2 and _CATEGORY_WORD.match(simple[nonblank[0]]) and not is_prose(simple[nonblank[1]]):
        return {nonblank[0]}
    return set()


TEASER_LABEL = re.compile(r"^(摘要|导读|内容摘要|内容提要|核心提示|提要)\s*[:：]\s*")
TEASER_WINDOW = 4


def teasers(norm: list[str], simple: list[str] | None = None) -> set[int]:
    """Lines that repeat text of the page: a repost's teaser of a paragraph a few lines down (cut
    short with "…", or labelled 摘要:, compared on the simplified reading so that traditional pages
    match too; a labelled one may run the next paragraphs together), or a 文库 page's 摘要, a copy of the body's first lines run together into one line."""
    out = set()
    simple = norm if simple is None else simple
    nonblank = [i for i, t in enumerate(norm) if t]
    for k, a in enumerate(nonblank):
        label = TEASER_LABEL.match(simple[a])
        first = (simple[a][label.end():] if label else simple[a]).rstrip("…. ")
        if len(first) < 30 or not is_prose(first):
            continue
        window = nonblank[k + 1:k + 1 + TEASER_WINDOW]
        for b in window:
            # A whole line repeated is a copy only when a label marks it as the teaser.
            if simple[b].startswith(first) and (len(simple[b]) > len(first) or label):
                out.add(a)
                break
        # A labelled teaser (摘要:…) may run the body's first paragraphs together, cut anywhere.
        if label and a not in out and "".join(_WS.sub("", simple[b]) for b in window).startswith(_WS.sub("", first)):
            out.add(a)
    flat = [_WS.sub("", norm[i]) for i in nonblank]
    joined = "".join(flat)
    ends = list(itertools.accumulate(len(f) for f in flat))
    for k, i in enumerate(nonblank):
        if k < 2 or len(flat[k]) < 2 * MIN_COPY:
            continue
        before = ends[k - 1]
        pos = joined.find(flat[k][:MIN_COPY], 0, before)
        # Run together: the copy's start spans several earlier lines; a line repeated is not a copy.
        if pos >= 0 and pos + MIN_COPY > ends[bisect.bisect_right(ends, pos)]:
            out.add(i)
    return out


_WS = re.compile(r"\s+")


# A government mailbox's letter page (信件公示, 留言详情) sets the letter and its reply in a form:
# field lines "来信人: 张三", "回复部门: XX县卫生健康局", "回复时间: 2019-08-15 18:14:17", "内容:", and
# section headings of the form ("受理回复"). The letter and the reply are the page's words; the form's
# labels and short values are the site's.
_LETTER_LABELS = ("来信人|来信时间|来信日期|来信标题|来信内容|写信人|信件标题|信件编号|信件类型|信件状态|留言人|留言时间|"
                  "留言标题|留言内容|咨询人|咨询时间|投诉人|受理单位|受理部门|受理时间|受理状态|办理单位|办理部门|办理状态|"
                  "办结时间|回复单位|回复部门|回复机构|回复人|回复时间|回复日期|答复单位|答复部门|答复时间|答复日期|回复内容|"
                  "答复内容|处理结果|办理结果")
# A field of the form: a letter label (or the form's own bare 标题/内容) with a short value or none.
_LETTER_FIELD = re.compile(rf"^(?P<label>{_LETTER_LABELS}|标题|内容)\s*[:：]\s*(?P<value>[^。；;！？!?]{{0,40}})$")
_LETTER_HEADING = re.compile(r"^(信件公示|信件详情|来信详情|留言详情|来信信息|信件信息|来信内容|留言内容|受理回复|回复信息|"
                             r"回复详情|回复内容|答复内容|办理结果|处理结果|受理情况|办理情况)$")
MIN_LETTER_FIELDS = 3

# A photo caption split over two lines: who (a post and a name) over what alone ("主持会议"),
# the second line a photo-caption rule's. Only the verb of a caption may stand alone under it.
_CAPTION_VERB = re.compile(r"^(主持会议|出席会议并讲话|讲话|致辞|发言|作报告|作工作报告|颁奖|授课)$")
_CAPTION_WHO = re.compile(r"^[^。，,；;：:！？!?()（）\s]{0,24}(局长|主任|书记|县长|区长|市长|院长|部长|主席|科长|站长|"
                          r"所长|组长|委员)[\u4e00-\u9fff]{2,3}$")
PHOTO_CAPTION = "photo-caption"


def split_captions(simple: list[str], matched: list[ChromeRule | None]) -> set[int]:
    """The first line of a photo caption split in two: a post and a name ("副局长赵煜晖") right above a
    caption's verb alone ("主持会议"). A name over anything else (a speech's speaker) is kept."""
    nonblank = [i for i, t in enumerate(simple) if t]
    return {a for a, b in zip(nonblank, nonblank[1:])
            if matched[a] is None and matched[b] is not None and matched[b].name == PHOTO_CAPTION
            and _CAPTION_VERB.match(simple[b]) and _CAPTION_WHO.match(simple[a])}


def letter_form(simple: list[str]) -> set[int]:
    """The lines of a mailbox letter's form (its field lines and section headings), when the page
    shows one: at least MIN_LETTER_FIELDS field lines with distinct letter labels (来信人, 回复部门,
    回复时间…). Without them, a "内容:" or "办理结果" line may be a report's own, and is kept."""
    fields = {i: m for i, t in enumerate(simple) if t for m in [_LETTER_FIELD.match(t)] if m}
    labels = {m.group("label") for m in fields.values() if m.group("label") not in ("标题", "内容")}
    if len(labels) < MIN_LETTER_FIELDS:
        return set()
    return set(fields) | {i for i, t in enumerate(simple) if t and _LETTER_HEADING.match(t)}


# A menu item alone on its line: a few words, without a figure, a bracket or any punctuation of a sentence.
_MENU_ITEM = re.compile(r"^[^\d，。、；：:！？,;!?“”\"《》()（）【】\[\]]{2,14}$")
MIN_MENU_RUN = 8


def head_menus(simple: list[str], matched: list[ChromeRule | None], head_end: int) -> set[int]:
    """Runs of a site's menu or link list at the head, one item a line ("招商政策" / "投资流程" / … ;
    "某某产业园区" / "天津-某区" / "-" / …): at least MIN_MENU_RUN short items in a row (blank lines and
    the site's separator lines between them) before the body's first sentence, on a page that has one.
    A report's own lines above its body (a title, an agency, a date, a numbered heading) end a run."""
    if head_end >= len(simple):
        return set()
    out: set[int] = set()
    run: list[int] = []
    for i in range(head_end + 1):
        text = simple[i] if i < head_end else ""
        if i < head_end and (not text or matched[i] is not None):
            continue
        if (i < head_end and _MENU_ITEM.match(text) and numbering_rank(text) is None and not is_report_title(text)
                and not is_agency_line(text)):
            run.append(i)
            continue
        if len(run) >= MIN_MENU_RUN:
            out.update(run)
        run = []
    return out


# A teaser of another article after the body: its headline, a space, and its lead opening on the day
# ("某省召开…座谈会 10月15日,省委组织部…"), as under a read-more teaser ("…【详细】").
_TEASER_SHAPE = re.compile(r"^[^\s。，,；;！？]{4,40}\s+\d{1,2}月\d{1,2}日")
RELATED_TEASER = "related-teaser"


def related_teasers(simple: list[str], matched: list[ChromeRule | None], prose: list[int]) -> set[int]:
    """The other articles' teasers that follow a read-more teaser ("…【详细】") after the body: lines of a
    teaser's shape (headline, space, dated lead), the last maybe cut off without its link."""
    out: set[int] = set()
    for i, rule in enumerate(matched):
        if rule is None or rule.name != RELATED_TEASER or not any(p < i for p in prose):
            continue
        for j in range(i + 1, len(simple)):
            if not simple[j]:
                continue
            if matched[j] is not None and matched[j].name == RELATED_TEASER:
                continue
            if matched[j] is not None or not _TEASER_SHAPE.match(simple[j]):
                break
            out.add(j)
    return out


_COLUMN_HEADLINE = re.compile(r"^【[^【】\s]{2,8}】\S.{3,}$")
MAX_COLUMN_HEADLINE = 120
MIN_COLUMN_HEADLINES = 3
MAX_FILLERS = 3
RELATED_POSTS = "related-posts"


def column_headlines(simple: list[str], matched: list[ChromeRule | None], prose: list[int]) -> set[int]:
    """The other posts an account lists at the end of a page, each headline led by its column in 【】
    ("【要闻】某某:…", "【健康科普】…"): at least three of them in a run that ends the page (nothing but
    chrome after it), after the body, with at most a few short lines between two of them (a post's blurb).
    A single bracketed headline, a run in the body followed by more of the report, or one that starts the
    page is kept."""
    nonblank = [i for i, t in enumerate(simple) if t]
    entries: list[int] = []
    fillers: list[int] = []
    pending: list[int] = []
    for i in reversed(nonblank):
        text = simple[i]
        if _COLUMN_HEADLINE.match(text) and len(text) <= MAX_COLUMN_HEADLINE:
            entries.append(i)
            fillers += pending
            pending = []
        elif matched[i] is not None and not entries:
            continue
        elif entries and matched[i] is None and len(text) <= 30 and not is_prose(text) and len(pending) < MAX_FILLERS:
            pending.append(i)
        else:
            break
    if len(entries) < MIN_COLUMN_HEADLINES or not any(p < min(entries) for p in prose):
        return set()
    return set(entries) | set(fillers)


# A bibliographic database's record of an article: its fields' labels alone on their lines (摘要, 出处,
# 关键词), the journal's name in 《》 under 出处, the issue and pages ("2020年第1期58-59,共2页"), the
# journal's English name.
_RECORD_LABEL = re.compile(r"^(摘要|出处|文献出处|来源|文献来源|来源期刊|刊名|期刊|作者|作者单位|机构|关键词|关键字|分类号|"
                           r"中图分类号|基金|基金项目|年卷期|页码|DOI|引用本文|Abstract|Keywords?)\s*[:：]?$")
_SOURCE_LABEL = re.compile(r"^(出处|文献出处|来源|文献来源|来源期刊|刊名|期刊)\s*[:：]?$")
_JOURNAL = re.compile(r"^《[^《》]{2,30}》$")
_ISSUE = re.compile(r"^(19|20)\d{2}\s*年\s*(第\s*)?\d{1,3}\s*[期卷][^。；;！？]{0,30}$")
_LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z&'’.,:()-]*(\s+[A-Za-z&'’.,:()-]+){1,12}$")
RECORD = "record-field"


def bibliographic_record(simple: list[str]) -> set[int]:
    """The fields of a journal database's record, when the page shows one: a source label alone
    (出处) over a journal's name alone in 《》. Then it goes, and under it the journal's name, issue
    and English name and the record's labels alone on their lines. Without that record, a report's
    own "摘要" heading or a line naming a journal is kept."""
    nonblank = [i for i, t in enumerate(simple) if t]
    out: set[int] = set()
    for k, i in enumerate(nonblank[:-1]):
        if not (_SOURCE_LABEL.match(simple[i]) and _JOURNAL.match(simple[nonblank[k + 1]])):
            continue
        out.add(i)
        for j in nonblank[k + 1:]:
            if not (_JOURNAL.match(simple[j]) or _ISSUE.match(simple[j]) or _LATIN_NAME.match(simple[j])
                    or _RECORD_LABEL.match(simple[j])):
                break
            out.add(j)
    if out:
        # The record's other labels below it (关键词, 作者单位). A label above the record is left: over the
        # abstract it stands where the page's title would (摘要), and kept it is read as one.
        out |= {i for i in nonblank if i > min(out) and _RECORD_LABEL.match(simple[i])}
    return out


WIDGET_COUNT = "widget-count"
_WIDGET_RULES = {WIDGET_COUNT, "doc-site", "page-tools"}
_BARE_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


def widget_dates(simple: list[str], matched: list[ChromeRule | None], nonblank: list[int]) -> set[int]:
    """A bare date set among a 文库 page's counts, one a line ("VIP专免" / "2024-06-04" / "999+" / "13.03KB"):
    the document's upload date in the site's widget, as in the one-line form ("2024-05-24 999+ 12.16KB"), not
    the page's date line."""
    out = set()
    for k, i in enumerate(nonblank):
        if matched[i] is None or matched[i].name != "header-date" or not _BARE_DATE.match(simple[i]):
            continue
        around = [nonblank[j] for j in (k - 1, k + 1) if 0 <= j < len(nonblank)]
        if len(around) == 2 and all(matched[j] is not None and matched[j].name in _WIDGET_RULES for j in around):
            out.add(i)
    return out
