"""Remove site chrome from a decoded report and normalise its layout, never its wording.

Two kinds of rule, both ordered and named:

* chrome rules (``data/chrome.yml``) drop whole lines and record them as ``Removed``;
* layout rules (``LAYOUT_RULES`` in ``layout.py``) rewrite white space inside a kept line.

Chrome rules know four zones: the whole text, the *head* (before the first line that reads
like prose, or before the report's title when the page shows one), the *tail* (after the last
prose line) and the *edges* (head or tail). Header lines such as ``来源:`` are chrome in the
head but may be wording in the body, so the zone keeps the rule from firing there.

Besides the rules, one rule of position: on a page that shows a report title (a title-shaped
line naming a kind of report, see ``report_title_at``), the short lines above it are the site's
(banners, member bars, menus, "电脑桌面"), not the report's, unless they are part of its title
(the agency line of a two-line title, a kicker set right above it, a line wrapped mid-word that runs
on into the next) or another copy of a title. Chrome known by its place among other lines (outlines,
forms, menu runs, teasers, a journal database's record) is found by ``blocks.py``.
"""
from __future__ import annotations

import bisect
import re

from .chrome_rules import ChromeRule, Zone, load_rules
from ..core.model import Cleaned, Line, Removed
from ..core.tradsimp import to_simplified
from ..core.readings import without_readings
from .blocks import (MAX_LIST_ENTRY, OUTLINE, PHOTO_CAPTION, RECORD, RELATED_POSTS, RELATED_TEASER, TEASER_LABEL, TEASER_WINDOW,
                     WIDGET_COUNT, bibliographic_record, column_headlines, head_menus, leading_category, letter_form, one_line_outlines, outline_lines,
                     related_teasers, split_captions, teasers, trailing_categories, widget_dates)
from .layout import join_hard_wraps, normalise_line
from .lines import MIN_TITLE_LEN, is_agency_line, is_prose, is_report_title, is_title_line, numbering_rank, runs_on


# --- the report's title, where the page shows one ------------------------------------------

TITLE_SEARCH_LINES = 20


def report_title_at(simple: list[str], matched: list[ChromeRule | None],
                    skip: frozenset[int] | set[int] = frozenset()) -> int | None:
    """Index of the report's title among the first lines, if the page shows one: a line that
    reads like a report's title, else a headline set right above the page's date or source line
    (a news page: banner, menu, headline, "发布时间：… 来源：…", body).

    At most one prose line may stand above it (a site's blurb about the county); a page whose
    text starts with its body and shows no title gets no title here. Lines in ``skip`` (a run of
    menu items at the head) are passed over like a rule's."""
    seen = prose = 0
    headline: int | None = None
    for i, text in enumerate(simple):
        if not text or i in skip:
            continue
        rule = matched[i]
        if rule is not None:
            if rule.name in _DATELINE_RULES and headline is not None and prose == 0:
                dated = headline
                headline = None
                if not any(is_report_title(t) for t in simple[i + 1:] if t):
                    return dated
            continue
        seen += 1
        if seen > TITLE_SEARCH_LINES:
            return None
        if is_report_title(text):
            return i
        if is_prose(text):
            prose += 1
            if prose > 1:
                return None
        # A label set in brackets (【历史上的今天】, [相关推荐]) is a widget's, never a headline.
        headline = (i if is_title_line(text) and len(text) >= MIN_TITLE_LEN and not _BRACKETED.match(text)
                    else None)
    return None


_BRACKETED = re.compile(r"^[【\[〔［].*[】\]〕］]$")

# The rules of a page's date and source line under its headline.
_DATELINE_RULES = {"header-date", "header-meta"}


def above_title(simple: list[str], matched: list[object], title: int) -> set[int]:
    """Lines above the title that are the site's: everything not part of the title or a copy of one."""
    keep: set[int] = set()
    above = [i for i in range(title) if simple[i]]
    if above:
        last = above[-1]
        adjacent = last == title - 1
        # A two-line title (阳山县卫生健康局 / 2020年工作总结…) or a kicker set right on top of it.
        if is_agency_line(simple[last]) or (adjacent and len(simple[last]) <= 30 and not is_prose(simple[last])
                                            and _KICKER.match(simple[last])):
            keep.add(last)
    # A title wrapped mid-word over lines (…工作情 / 况的评议意见, either line maybe the one taken for the
    # title): a line that runs on into the next is part of a title, not the site's.
    upto = above + [title]
    for a, b in zip(upto, upto[1:]):
        if runs_on(simple[a], simple[b]):
            keep.update(i for i in (a, b) if i < title)
    from .textflags import has_injected

    for i in above:
        # Another copy of a title (of the page's own, whatever its shape); or a spam line, kept so
        # that the page is flagged for it.
        if is_report_title(simple[i]) or simple[i] == simple[title] or has_injected(simple[i]):
            keep.add(i)
    # A sentence above the title may be a site's blurb, but it may as well be the report's own
    # first paragraph over a photo caption that reads like a title: kept either way.
    # Below a sentence, lines may be the report's own (a page that opens on its body); numbered
    # lines (一、主要工作) are a report's headings wherever they stand.
    first_prose = next((i for i in above if matched[i] is None and is_prose(simple[i])), title)
    below = [t for t in simple[title + 1:] if t]

    def outline_entry(text: str) -> bool:
        # A site's table of contents above the title: each entry starts a longer heading below.
        return any(len(t) > len(text) and t.startswith(text) for t in below)

    # A site's outline set right above the title (一、… 1.… 2.… 二、…): when most of its entries start
    # headings below, the entries of a truncated page that do not go with them.
    run: list[int] = []
    for i in reversed(above):
        if matched[i] is not None or numbering_rank(simple[i]) is None or len(simple[i]) > 30:
            break
        run.append(i)
    confirmed = sum(any(t.startswith(simple[i]) for t in below) for i in run)
    outline = set(run) if confirmed >= 2 and 2 * confirmed >= len(run) else set()
    return {i for i in above if i not in keep and matched[i] is None and i < first_prose
            and (numbering_rank(simple[i]) is None or i in outline or outline_entry(simple[i]))}


# The last line of a news article: what follows is the site's (related links, comments, ads).
_END_OF_ARTICLE = re.compile(r"^[(（【\[]?\s*(原标题\s*[:：]|责任编辑\s*[:：|｜]|责编\s*[:：|｜]|值班编辑\s*[:：|｜]|END$)")


def article_end(simple: list[str], matched: list[ChromeRule | None], head_end: int, prose: list[int]) -> int | None:
    """Index of the line that closes a news article (原标题：, 责任编辑：, END, a related-news
    heading), after its body."""
    for i in range(head_end, len(simple)):
        if (simple[i] and (_END_OF_ARTICLE.match(simple[i]) or (matched[i] is not None and matched[i].ends_article))
                and any(p < i for p in prose)):
            return i
    return None


FORUM_POST_META = "forum-post-meta"
"""The rule (data/chrome.yml) of a forum post's header line (发表于 … | 显示全部楼层) and edit note."""
_POST_HEADER = re.compile(r"发表于")


def next_post(simple: list[str], rules: tuple[ChromeRule, ...], end: int) -> int | None:
    """Index of the next forum post's header line after a post's end, if the page is a thread
    (the line may be another rule's first, as a dated header line is)."""
    post_rules = [r for r in rules if r.name == FORUM_POST_META]
    for i in range(end + 1, len(simple)):
        if simple[i] and _POST_HEADER.search(simple[i]) and any(r.matches(simple[i]) for r in post_rules):
            return i
    return None


# Footer lines that open the site's footer (not 地址：/电话： alone, which a report may end with).
_FOOTER_OPENER = re.compile(r"(主办|承办|版权|网站地图|技术支持|Copyright|©|ICP|公网安备|网站标识码)")
_SENTENCE_MARK = re.compile(r"[。！？!?]")


def footer_start(simple: list[str], matched: list[ChromeRule | None], prose: list[int]) -> int | None:
    """Where the site's footer starts: its first 主办/版权/ICP line after the body's first sentence,
    when no sentence follows it. The footer is a zone: its lines (主办单位:… 承办:… 网站地图;
    技术支持电话:… 地址:… 点击总量:) go even when a colon at the end makes one read like prose."""
    if not prose:
        return None
    last_sentence = max((j for j, t in enumerate(simple) if t and matched[j] is None and _SENTENCE_MARK.search(t)),
                        default=-1)
    for i in range(max(prose[0], last_sentence) + 1, len(simple)):
        rule = matched[i]
        if rule is not None and rule.name in _FOOTER_RULES and _FOOTER_OPENER.search(simple[i]):
            return i
    return None


_FOOTER_RULES = {"site-footer", "site-registration"}


# A kicker (引题) is a phrase: Chinese words and spaces only, no labels, figures or links.
_KICKER = re.compile(r"^[\u4e00-\u9fff]{2,}(?:[ ，,、——][\u4e00-\u9fff]{2,})+$")


def clean(text: str, rules: tuple[ChromeRule, ...] | None = None) -> Cleaned:
    """Split ``text`` into kept body lines and removed chrome lines."""
    rules = load_rules() if rules is None else rules
    raw_lines = text.split("\n")
    norm = [normalise_line(line) for line in raw_lines]
    # Rules are written in simplified characters; a traditional page (發佈日期：…) is matched
    # through its simplified reading, character for character, and kept as written.
    # A layout table flattened to pipes leaves a run of empty cells at a line's end ("时间:2023-02-01 作者:
    # 点击数: | ||||||…"): the line is read without them.
    simple = [_EMPTY_CELLS.sub("", to_simplified(without_readings(n))) for n in norm]
    matched = [_first_match(n, rules) if n else None for n in simple]

    copies = teasers(norm, simple)
    prose = [i for i, n in enumerate(norm) if n and matched[i] is None and is_prose(n) and i not in copies]
    head_end = prose[0] if prose else len(norm)
    tail_start = prose[-1] + 1 if prose else len(norm)
    menus = head_menus(simple, matched, head_end)
    title = report_title_at(simple, matched, menus)
    site_lines: set[int] = set()
    if title is not None:
        # Above the title is the page's head: a line only a rule of another zone matches (信息发布,
        # a tail's site name) is no rule's there, and goes by its position.
        site_lines = above_title(simple, [_rule_for(simple[i], rules, "head") if rule is not None else None
                                          for i, rule in enumerate(matched[:title])] + matched[title:], title)
        prose = [i for i in prose if i > title]
        head_end = prose[0] if prose else len(norm)
        tail_start = prose[-1] + 1 if prose else len(norm)
    end = article_end(simple, matched, head_end, prose)
    # On a forum thread the end closes one post: the next post's header (发表于 … | 显示全部楼层) opens another,
    # whose words are the thread's again (a bureau answering below the news it posted).
    reopen = next_post(simple, rules, end) if end is not None else None
    if end is not None and reopen is not None:
        prose = [i for i in prose if i < end or i > reopen]
    elif end is not None:
        prose = [i for i in prose if i < end]
        # As after a footer: the tail starts right after the last sentence before the article's
        # end, so a date line between them is in the tail whether or not prose follows the end
        # (cleaning stays idempotent once the lines after the end are gone).
        tail_start = min(tail_start, end, prose[-1] + 1 if prose else end)
    footer = footer_start(simple, matched, prose)
    if footer is not None:
        prose = [i for i in prose if i < footer]
        # The tail starts after the last sentence before the footer, as it does on a page without one.
        tail_start = min(tail_start, footer, prose[-1] + 1 if prose else footer)
    # An account's list of its other posts ending the page (【要闻】…): the tail starts after the last
    # sentence above it, so the credit lines between the body and the list are the tail's.
    posts = column_headlines(simple, matched, prose)
    if posts:
        prose = [i for i in prose if i < min(posts)]
        tail_start = min(tail_start, min(posts), prose[-1] + 1 if prose else min(posts))
    site_lines |= copies
    nonblank = [i for i, t in enumerate(simple) if t]
    # "讲话致辞 >在2024年全县卫生健康工作会议上的讲话": a trail of the site's sections ending in the
    # page's own title is the site's breadcrumb, however few its steps.
    trails = {i for i, t in enumerate(simple) if i != title and _trail_to(t, simple[title])} if title is not None else set()
    # "健康惠东" over "微信:jkhdapp" after the body: the account's name over its WeChat id; "某县人民医院" over
    # "期待您的关注": the account's name over its follow slogan (read by metadata as the page's own account).
    accounts = {a: (WECHAT if matched[b].name == WECHAT else MEDIA_ACCOUNT) for a, b in zip(nonblank, nonblank[1:])
                if a >= tail_start and matched[b] is not None and matched[b].name in (WECHAT, FOLLOW_SLOGAN)
                and matched[a] is None and _ACCOUNT_NAME.match(simple[a])}
    # "望江周刊电子报" at the top, "望江周刊" again over the article: the banner's name repeated in the head.
    banner_names = {m.group(1) for i in range(head_end)
                    if matched[i] is not None and matched[i].name == SITE_BANNER and (m := _BANNER_NAME.match(simple[i]))}
    banner_repeats = {i for i in range(head_end) if matched[i] is None and simple[i] in banner_names}
    # A 摘要: label alone on its line over the copy it labels goes with it.
    site_lines |= {a for a, b in zip(nonblank, nonblank[1:])
                   if b in copies and TEASER_LABEL.match(simple[a]) and TEASER_LABEL.match(simple[a]).end() == len(simple[a])}
    outline = outline_lines(simple, matched) | one_line_outlines(simple)
    letter = letter_form(simple)
    record = bibliographic_record(simple)
    teased = related_teasers(simple, matched, prose)
    captions = split_captions(simple, matched)
    categories = trailing_categories(simple, tail_start,
                                     lambda j: matched[j] is not None and _rule_for(simple[j], rules, "tail") is not None)
    categories |= leading_category(simple)

    nonblank_after = {a: b for a, b in zip(nonblank, nonblank[1:])}
    dates_in_widgets = widget_dates(simple, matched, nonblank)

    def _next_in_block(i: int) -> bool:
        """A longer headline inside a link list, followed by more of the site's lines ("2016-01-20 10:13阅读"),
        is one of its entries too."""
        j = nonblank_after.get(i)
        if j is None or matched[j] is None or len(norm[i]) > MAX_LIST_ENTRY:
            return False
        return _rule_for(simple[j], rules, "tail") is not None

    # Lines removed by their place among other lines rather than by a pattern of their own; where two
    # kinds claim a line, the first named here gives the rule.
    by_place: dict[int, str] = {}
    for claimed in ({i: NAV_MENU for i in menus},
                    {i: ABOVE_TITLE if title is not None and i < title else TEASER for i in site_lines},
                    dict.fromkeys(banner_repeats, SITE_NAME), dict.fromkeys(trails, TRAIL), accounts,
                    dict.fromkeys(outline, OUTLINE), dict.fromkeys(categories, CATEGORY),
                    dict.fromkeys(letter, LETTER_FORM), dict.fromkeys(record, RECORD),
                    dict.fromkeys(posts, RELATED_POSTS), dict.fromkeys(teased, RELATED_TEASER),
                    dict.fromkeys(captions, PHOTO_CAPTION)):
        for i, name in claimed.items():
            by_place.setdefault(i, name)

    kept: list[Line] = []
    removed: list[Removed] = []
    in_block: str | None = None
    value_of: str | None = None
    value_label = ""
    for i, (original, line) in enumerate(zip(raw_lines, norm)):
        zone: Zone = "head" if i < head_end else "tail" if i >= tail_start else "anywhere"
        rule = _rule_for(simple[i], rules, zone) if line and matched[i] is not None else None
        if rule is None and i in by_place:
            removed.append(Removed(i + 1, original, by_place[i]))
            if i in site_lines and i not in menus:
                value_of = None
            continue
        if rule is None and line and end is not None and i > end and (reopen is None or i < reopen):
            removed.append(Removed(i + 1, original, AFTER_ARTICLE))
            continue
        if (rule is None and value_of and line and not is_prose(line) and len(line) <= MAX_VALUE_LEN
                and _is_value(simple[i], value_label)):
            # "发布机构：" / "东安县卫生健康局" on two lines: the value belongs to the label.
            removed.append(Removed(i + 1, original, value_of))
            value_of = None
            continue
        if line:
            value_of = None
        if rule is None and in_block and zone == "tail" and line and (
                (not is_prose(line) and (len(line) <= 40 or _next_in_block(i)))
                or (footer is not None and i > footer)):
            removed.append(Removed(i + 1, original, in_block))
            continue
        if rule is not None:
            removed.append(Removed(i + 1, original, WIDGET_COUNT if i in dates_in_widgets else rule.name))
            if rule.block and zone == "tail":
                in_block = rule.name
            if rule.value_next and _LABEL_ONLY.match(simple[i]):
                value_of = rule.name
                value_label = simple[i]
            continue
        if not line:
            if kept and kept[-1].text:
                kept.append(Line(i + 1, ""))
            continue
        kept.append(Line(i + 1, line))
    while kept and not kept[-1].text:
        kept.pop()
    chrome_like = {i + 1 for i, rule in enumerate(matched) if rule is not None}
    # A line repeating one a few lines up is never joined to the next: joined, it would start a
    # longer line and read as that line's teaser on a second pass (cleaning not idempotent).
    chrome_like |= _repeats(simple)
    return Cleaned(lines=join_hard_wraps(kept, raw_lines, chrome_like), removed=tuple(removed))


def _repeats(simple: list[str]) -> set[int]:
    """Line numbers of lines that repeat, or start, a nonblank line at most TEASER_WINDOW lines
    up. "Start" too: the line up may itself have been joined to the line after it, and the next
    pass must see the repeat the first pass saw."""
    nonblank = [i for i, t in enumerate(simple) if t]
    out = set()
    for k, i in enumerate(nonblank):
        if any(simple[j].startswith(simple[i]) for j in nonblank[max(0, k - TEASER_WINDOW):k]):
            out.add(i + 1)
    return out


_TRAIL = re.compile(r"^(?:[^\s>＞»。，,]{1,12}\s*[>＞»]\s*){1,5}(?P<last>.+)$")


def _trail_to(line: str, title: str) -> bool:
    m = _TRAIL.match(line)
    return m is not None and m.group("last").strip() == title.strip()


NAV_MENU = "nav-menu"
"""The rule (data/chrome.yml) of a menu bar, and the name of a run of menu items one a line at the head."""
_EMPTY_CELLS = re.compile(r"(?<=[^|｜\s])(?:\s*[|｜]){3,}\s*$")
SITE_BANNER = "site-banner"
"""The rule (data/chrome.yml) of the site's banner in the head: 东安县人民政府门户网站, 望江周刊电子报."""
SITE_NAME = "site-name"
"""The banner's name again in the head, without its kind of site: 望江周刊 under 望江周刊电子报."""
_BANNER_NAME = re.compile(r"^(.{2,16}?)(门户网站|政府网站|政务网|政府网|信息公开网|政务服务网|官方网站|日报数字报|数字报|电子报|电子版)$")
ABOVE_TITLE = "above-title"
"""The rule name of lines removed for standing above the report's title (see module docstring)."""
TEASER = "teaser"
"""A line repeating the start of the paragraph after it (repost sites' teaser lines)."""
WECHAT = "wechat"
"""The rule (data/chrome.yml) of a WeChat id line, and the name of the account's name line over it."""
FOLLOW_SLOGAN = "follow-slogan"
"""The rule (data/chrome.yml) of a media account's follow slogan after the body (期待您的关注)."""
MEDIA_ACCOUNT = "media-account"
"""The rule (data/chrome.yml) of a media account's name line, and the name of the account's name over its slogan."""
_ACCOUNT_NAME = re.compile(r"^[\u4e00-\u9fffA-Za-z]{2,10}$")
LETTER_FORM = "letter-form"
"""The field lines and section headings of a mailbox letter's form (来信人:, 回复部门:, 受理回复)."""
CATEGORY = "category-widget"
"""A tag or category widget's word alone at the end of the page."""
TRAIL = "breadcrumb"
"""A trail of the site's sections ending in the page's title, as data/chrome.yml's breadcrumb rules name theirs."""
AFTER_ARTICLE = "after-article"
"""Lines after a news article's closing line (原标题：, 责任编辑：, END): related links, comments, ads."""

_DATE_LABEL = re.compile(r"(日期|时间)")
_HAS_DATE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}")


def _is_value(text: str, label: str) -> bool:
    """Whether a line can be the value of a label alone on the line above it: not a title, not
    a salutation (各医疗卫生单位：), and a date under a date label (废止日期：)."""
    if is_report_title(text) or text[-1] in ":：":
        return False
    return not _DATE_LABEL.search(label) or _HAS_DATE.search(text) is not None


# A label with nothing after it but separators: "发布机构：", "| 成文日期 |".
_LABEL_ONLY = re.compile(r"^[|｜]?\s*[^:：|｜]{1,8}\s*[:：|｜][\s:：|｜]*$")
MAX_VALUE_LEN = 60


def _first_match(line: str, rules: tuple[ChromeRule, ...]) -> ChromeRule | None:
    for rule in _candidates(line, rules):
        if rule.matches(line):
            return rule
    return None


_BY_LENGTH: dict[int, tuple[tuple[ChromeRule, ...], list[int], list[tuple[ChromeRule, ...]]]] = {}


def _candidates(line: str, rules: tuple[ChromeRule, ...]) -> tuple[ChromeRule, ...]:
    """Rules that may match a line of this length (in their order): a rule's ``max_len`` rules
    it out for longer lines, and most body lines are longer than most limits."""
    cached = _BY_LENGTH.get(id(rules))
    if cached is None or cached[0] is not rules:
        limits = sorted({r.max_len for r in rules if r.max_len is not None})
        # For the lengths up to each limit, the rules that still apply.
        groups = [tuple(r for r in rules if r.max_len is None or r.max_len >= limit) for limit in limits]
        groups.append(tuple(r for r in rules if r.max_len is None))
        cached = (rules, limits, groups)
        _BY_LENGTH[id(rules)] = cached
    return cached[2][bisect.bisect_left(cached[1], len(line))]


def _rule_for(line: str, rules: tuple[ChromeRule, ...], zone: Zone) -> ChromeRule | None:
    for rule in _candidates(line, rules):
        if (rule.where in ("anywhere", zone) or (rule.where == "edges" and zone != "anywhere")) and rule.matches(line):
            return rule
    return None


def body_text(cleaned: Cleaned) -> str:
    """The cleaned body as plain text, one kept line per line."""
    return "\n".join(line.text for line in cleaned.lines)
