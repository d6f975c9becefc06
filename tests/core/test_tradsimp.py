"""The simplified reading of traditional text (OpenCC by phrase, the hand table as trigger and fallback)."""
from __future__ import annotations

import pytest

from build_archive.core import tradsimp
from build_archive.parse.divisions import load_divisions
from build_archive.parse.agency import find_agency
from build_archive.parse.places import counties_in
from build_archive.core.tradsimp import script_of, to_simplified


@pytest.mark.parametrize("text, reading", [
    ("鄲城縣衛健委召開2020年衛生健康工作會議", "郸城县卫健委召开2020年卫生健康工作会议"),
    # Characters that are also simplified, read in their context: the hand table alone cannot.
    ("於都縣衛生健康局關於2021年工作總結", "于都县卫生健康局关于2021年工作总结"),
    ("乾安縣衛生局", "乾安县卫生局"),
    ("乾縣衛生局", "乾县卫生局"),
    # Hong Kong forms.
    ("衞生健康局", "卫生健康局"),
])
def test_traditional_text_is_read_as_simplified_with_the_same_offsets(text, reading):
    assert to_simplified(text) == reading
    assert len(to_simplified(text)) == len(text)


def test_simplified_text_is_returned_as_it_is():
    text = "乾安县卫生健康局2020年工作总结，於姓同志著力推进"
    assert to_simplified(text) is text


def test_a_conversion_that_changes_the_length_falls_back_to_the_table(monkeypatch):
    class Longer:
        def convert(self, text: str) -> str:
            return text + "！"

    monkeypatch.setattr(tradsimp, "_converter", lambda: Longer())
    assert to_simplified("東安縣衛生健康局") == "东安县卫生健康局"


def test_counties_and_agencies_of_traditional_pages_are_found():
    table = load_divisions()
    assert [p.surface for p in counties_in("於都縣衛生健康局2021年工作總結", table)] == ["于都县"]
    assert find_agency("鄲城縣衛健委召開會議", table) == "鄲城縣衛健委"


def test_script_counts_traditional_only_characters():
    assert script_of("東安縣衛生健康局二〇二〇年工作總結").is_traditional
    assert not script_of("东安县卫生健康局2020年工作总结（乾隆年間）").is_traditional
