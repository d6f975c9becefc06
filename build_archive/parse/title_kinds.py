"""The kind of report a title states, by its words (year_kind reads it: a title's kind decides which of its years is
the work year): 工作要点, a speech or a notice, a meeting reported, a summary, a plan, or both."""
from __future__ import annotations

import re

from .meetings import ATTENDED, MEETING_ACT, MEETING_WORD, WORK_MEETING_SUBJECT

# Kinds of report, by the words of the title (see extract_doc_type for the order).
_POINTS = re.compile(r"工作要点")
_SPEECH = re.compile(r"(在.{0,40}(会议?|大会|座谈会|推进会)上的(讲话|报告|发言|总结讲话|工作报告)|讲话稿|讲话$|致辞|主持词)")
_NOTICE = re.compile(r"(通知|通报|公告|公示|批复|请示|函)$")
# (述职评议, 述职测评, 述职大会: the meeting where leaders report, told by the lead, not a 述职报告.)
_SUMMARY = re.compile(r"(总结|述职(?!评议|测评|大会|会)|供职报告|说明报告|工作情况|工作报告|情况汇报|工作汇报|汇报材料|情况报告|汇报|回顾|工作成效|主要成效|"
                      r"情况介绍|开展情况|落实情况|进展情况|完成情况|自查报告)")
# The bureau's account of one field's work done, which the labels' convention files as 工作总结 like any
# other (法治政府建设年度报告, 人大代表建议和政协委员提案办理情况, 关于…办理情况的报告); news of an
# inspection of it (市人大视察我县建议办理情况) is not the bureau's account.
_ACCOUNT = re.compile(r"年度报告|(?:办理|执行|履职|整改)(?:工作)?(?:总体)?情况|(?:情况|工作)的(?:报告|汇报)")
# The 政府信息公开 annual report, which the convention files as 其他 although it reviews the year, also
# when its title leaves out 政府 (2018年度宣州区卫健委信息公开工作年度报告).
_DISCLOSURE_REPORT = re.compile(r"信息公开(?:工作)?(?:的)?(?:年度)?报告")
# A 方案 the title is (2014年卫生三下乡活动实施方案, 关于印发…工作方案的通知, …总结和下半年工作方案): a plan
# of one task, 工作计划 by the convention's "plans likewise"; a 规划 (a multi-year development plan) is not.
_SCHEME = re.compile(r"(?<!规划)方案(?:[(（][^()（）]{0,16}[)）])?(?:的通知)?$")
# "县卫健委2021年政府工作报告任务分解": the year's tasks, shared out: a plan.
_BREAKDOWN = re.compile(r"(任务|责任|目标)分解|分工方案")
_PLAN = re.compile(r"(计划|打算|安排|思路|谋划|设想|工作部署)")
# "2022年重点工作任务" is a plan, but "重点工作开展情况" is a summary of them.
_PLAN_WEAK = re.compile(r"(重点工作|工作任务|工作重点)")
_HEADLINE_VERB = re.compile(r"(谋划|狠抓|部署|总结表彰|扎实推进|全力推进|聚焦)(?!.*(计划|打算|要点|总结$))")
_INSPECTION = re.compile(r"(督查|督导|调研|视察|检查|慰问|考察)")


def kind_of_title(title: str) -> str | None:
    """The doc_type a title states, or None when it states none. Order matters:

    工作要点 first (关于印发2021年工作要点的通知); a speech (在…会议上的讲话) is 其他; a notice
    that does not 印发 a document is 其他; a title that reports a meeting (召开/举行 … 会议, or
    ending in 会议) is 会议报道, even if the meeting was a 总结大会; then 述职报告 and briefings
    (情况汇报) are summaries; summary and plan words together are 总结和计划.
    """
    if _POINTS.search(title):
        return "工作要点"
    if _SPEECH.search(title):
        return "其他"
    if _NOTICE.search(title) and "印发" not in title:
        return "其他"
    # "我县参加全区妇幼健康工作视频会议": a meeting of others the county only attended is news.
    if ATTENDED.search(title) and not MEETING_ACT.search(title):
        return "其他"
    if MEETING_WORD.search(title) and (MEETING_ACT.search(title) or re.search(r"(会议|大会|工作会)$", title)):
        return "会议报道"
    # A headline cut off after its subject ("忠县卫生健康委召开2025年度全县卫生健康工作暨").
    if MEETING_ACT.search(title) and WORK_MEETING_SUBJECT.search(title):
        return "会议报道"
    if _BREAKDOWN.search(title):
        return "工作计划"
    if _DISCLOSURE_REPORT.search(title):
        return "其他"
    summary = _SUMMARY.search(title) or (_ACCOUNT.search(title) if not _INSPECTION.search(title) else None)
    plan = _PLAN.search(title) or _SCHEME.search(title)
    # "2024年工作总结及2025年工作重点": the second year's 重点 is a plan.
    if summary and not plan and re.search(r"\d{4}\s*年[^\d]{0,6}(工作重点|重点工作|工作任务)", title[summary.end():]):
        return "总结和计划"
    if summary and plan:
        return "总结和计划"
    if summary:
        return "工作总结"
    if plan:
        return "工作计划"
    # "市督查组督查卫健重点工作时指出…": news of an inspection, not a plan of 重点工作.
    if _PLAN_WEAK.search(title) and not _INSPECTION.search(title):
        return "工作计划"
    return None
