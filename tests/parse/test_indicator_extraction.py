"""The indicator cache's log: appended by a build that extracts a few reports, read whole."""
import pickle
from types import SimpleNamespace as NS

from build_archive.core.indicator_types import Extraction
from build_archive.parse import indicator_extraction as ie


def _reports(*keys):
    return [NS(key=k, ident=NS(code=f"c{k}")) for k in keys]


def test_a_few_new_reports_are_appended_and_a_torn_frame_rewrites_the_file(tmp_path, monkeypatch):
    made = []

    def fake_extract(reports, bodies):
        made.extend(r.key for r in reports)
        return [Extraction() for _ in reports]

    monkeypatch.setattr(ie, "_extract", fake_extract)
    keys = [f"k{i}" for i in range(40)]
    ie.extract_indicators(_reports(*keys), None, tmp_path)
    path = tmp_path / ie.INDICATOR_CACHE
    size = path.stat().st_size
    assert made == keys

    got = ie.extract_indicators(_reports(*keys, "new"), None, tmp_path)  # one added: appended
    assert made[40:] == ["new"] and set(got) == {f"c{k}" for k in [*keys, "new"]}
    assert path.stat().st_size > size and path.read_bytes()[:size] == pickle.dumps(
        {"version": ie.indicators.module_version(), "items": {k: Extraction() for k in keys}},
        protocol=pickle.HIGHEST_PROTOCOL)
    ie.extract_indicators(_reports(*keys, "new"), None, tmp_path)
    assert made[41:] == []  # read back with the appended frame

    with open(path, "ab") as f:  # a frame cut short by a build that died
        f.write(pickle.dumps({"version": "x", "items": {}})[:5])
    items, whole = ie._read_log(path, ie.indicators.module_version())
    assert set(items) == {*keys, "new"} and not whole
    ie.extract_indicators(_reports(*keys, "new"), None, tmp_path)
    assert made[41:] == [] and ie._read_log(path, ie.indicators.module_version()) == (items, True)

    ie.extract_indicators(_reports(*keys[:30]), None, tmp_path)  # a quarter removed: written whole
    assert ie._read_log(path, ie.indicators.module_version())[0].keys() == set(keys[:30])
