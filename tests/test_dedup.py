"""Duplicate detection: exact and near copies, truncated copies, and the copy that wins."""
import random
import time

from build_archive.dedup import find_duplicates

SENTENCES = [
    "全县共有各级各类医疗卫生机构{n}个，其中县直医疗卫生单位7个",
    "全年共完成家庭医生签约服务{n}万人，重点人群签约率达到68.5%",
    "积极推进县域医共体建设，县人民医院牵头组建紧密型医共体{n}个",
    "全县乡镇卫生院门诊人次{n}万，同比增长5.6%，住院人次稳步增长",
    "新建村卫生室{n}所，完成标准化建设的村卫生室占比达到95%",
    "开展健康教育讲座{n}场次，发放宣传资料3万余份，群众健康素养明显提升",
]


def report(seed: int, n: int = 24) -> str:
    rng = random.Random(seed)
    parts = [rng.choice(SENTENCES).format(n=rng.randint(10, 99999)) for _ in range(n)]
    return "。\n".join(parts) + "。"


def test_exact_copy():
    a = report(1)
    assert find_duplicates([("a.txt", a), ("b.txt", a)]) == {"b.txt": "a.txt"}


def test_near_copy_with_different_punctuation_and_a_few_changed_characters():
    a = report(2)
    b = a.replace("，", ",", 5).replace("全县", "全區", 1) + "\n（责任编辑：张三）"
    assert find_duplicates([("a.txt", a), ("b.txt", b)]) == {"a.txt": "b.txt"}  # b is longer


def test_truncated_copy_points_at_the_complete_one():
    a = report(3)
    assert find_duplicates([("a.txt", a[: len(a) // 3]), ("b.txt", a)]) == {"a.txt": "b.txt"}


def test_tie_goes_to_the_first_name():
    a = report(4)
    b = a.replace("。", "！", 1)
    assert find_duplicates([("x1.txt", a), ("x2.txt", b)]) == {"x2.txt": "x1.txt"}


def test_different_reports_from_one_template_are_not_duplicates():
    items = [(f"r{i:02d}.txt", report(100 + i)) for i in range(20)]
    assert find_duplicates(items) == {}


def test_short_texts_compare_whole():
    short = "东安县卫生健康局2020年工作总结。全县各项工作稳步推进，取得明显成效。"
    assert find_duplicates([("a.txt", short), ("b.txt", short + "\n")]) == {"b.txt": "a.txt"}
    assert find_duplicates([("a.txt", short), ("b.txt", short.replace("2020", "2021"))]) == {}


def test_groups_point_at_one_winner():
    a = report(5)
    items = [("a.txt", a[:600]), ("b.txt", a), ("c.txt", a[:900])]
    assert find_duplicates(items) == {"a.txt": "b.txt", "c.txt": "b.txt"}


def test_scales_to_thousands_of_reports():
    items = [(f"r{i:05d}.txt", report(1000 + i, 60)) for i in range(3000)]
    items.append(("zz.txt", items[17][1]))
    start = time.perf_counter()
    dupes = find_duplicates(items)
    assert dupes == {"zz.txt": "r00017.txt"}
    assert time.perf_counter() - start < 5


def test_a_new_year_written_over_last_years_text_is_not_a_duplicate():
    body = report(6)
    a = "东安县卫生健康局2020年工作总结\n" + body
    b = "东安县卫生健康局2021年工作总结\n" + body
    assert find_duplicates([("a.txt", a), ("b.txt", b)]) == {}


def test_an_already_published_copy_keeps_its_place():
    a = report(7)
    items = [("a.txt", a[: len(a) // 2]), ("b.txt", a)]
    assert find_duplicates(items, prefer={"a.txt"}) == {"b.txt": "a.txt"}
    assert find_duplicates(items) == {"a.txt": "b.txt"}
