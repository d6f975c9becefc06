"""The package's shape (issue 18): stages in their own folders, shared types at the bottom, the
orchestrator on top. Imports are read with ``ast`` (lazy imports inside functions count too), so a
new import that climbs a floor, closes a circle or reaches into a sibling stage fails here.

What is not yet as it should be is listed below with the reason, so the lists only ever shrink."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "build_archive"
STAGES = {"read", "parse", "pages", "search", "publish"}
SHARED = "core"

# 7 floors: __main__ -> cli -> build (and evaluate) -> parse.report -> parse.agency (and county,
# year_kind, metadata, overrides, clean, structure, related) -> parse.places (and evidence, layout,
# textflags, core.cache) -> core.tradsimp (and parse.divisions, core.model). The stage entries
# (parse.report, search.search_index, pages.browse, pages.report_pages, publish.site) are on
# floor 4 and call their extractors or workers themselves: report assembles the metadata fields
# from agency, county and year_kind, search_index's writer keys the docs for postings. The three
# on top are fixed (the entry point, the command line, the orchestrator), so the goal of 6
# would leave each stage three floors, core included: an entry over modules that import only
# floor-1 modules. The parse stage needs four: an extractor (agency, county) reads places, which
# reads the division table and the traditional-character reading (core.tradsimp) - a place scan
# over those two, under the extractors that share it; making places a leaf would mean folding it
# into each extractor. Never raise this.
MAX_FLOORS = 7
MAX_LINES = 600
# Modules over MAX_LINES not yet split by job, with their size when listed.
TOO_LONG: dict[str, str] = {}
# Circles still closed by lazy imports inside a function.
CYCLES: dict[frozenset[str], str] = {}
# Imports from one stage into a sibling (or above), not through core's data types.
CROSSINGS: dict[tuple[str, str], str] = {}


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts and parts[0] != "data":
            found[".".join(parts)] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules that ``name`` imports (at any depth in its code)."""
    is_pkg = path.name == "__init__.py"
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_pkg else name.split(".")[:-1]
                base = base[:len(base) - (node.level - 1)] if node.level > 1 else base
                mod = ".".join([*base, *([node.module] if node.module else [])])
            elif node.module and node.module.split(".")[0] == "build_archive":
                mod = node.module.partition(".")[2]
            else:
                continue
            # ``from . import a, b`` names modules; ``from .a import f`` names a module's contents.
            named = {f"{mod}.{a.name}".lstrip(".") for a in node.names} & known.keys()
            targets = sorted(named) or [mod]
        elif isinstance(node, ast.Import):
            targets = [a.name.partition(".")[2] for a in node.names if a.name.startswith("build_archive.")]
        out |= {t for t in targets if t in known and t != name}
    return out


def graph() -> dict[str, set[str]]:
    known = modules()
    # A subpackage's __init__ is not a module anyone depends on for code.
    return {name: {d for d in imports(name, path, known) if d not in STAGES | {SHARED, ""}}
            for name, path in known.items() if name}


def stage(name: str) -> str:
    return name.split(".")[0] if "." in name else "top"


def test_no_circles_but_the_listed_ones():
    deps = graph()
    found = set()

    def visit(node: str, stack: list[str]) -> None:
        if node in stack:
            found.add(frozenset(stack[stack.index(node):]))
            return
        for dep in deps.get(node, ()):
            visit(dep, [*stack, node])

    for name in deps:
        visit(name, [])
    assert found <= set(CYCLES), f"new import circles: {[sorted(c) for c in found - set(CYCLES)]}"
    assert set(CYCLES) <= found, f"listed circles now gone (remove them from CYCLES): {[sorted(c) for c in set(CYCLES) - found]}"


def test_floors():
    deps = graph()
    floor: dict[str, int] = {}

    def height(node: str, seen: frozenset[str]) -> int:
        if node not in floor:
            floor[node] = 1 + max((height(d, seen | {node}) for d in deps[node] if d not in seen), default=0)
        return floor[node]

    top = max(height(n, frozenset()) for n in deps)
    assert top <= MAX_FLOORS, f"{top} floors of imports (at most {MAX_FLOORS})"


def test_no_module_too_long():
    long = {path.relative_to(PACKAGE).as_posix(): n for path in PACKAGE.rglob("*.py")
            if "data" not in path.relative_to(PACKAGE).parts[:1]
            and (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert set(long) <= set(TOO_LONG), f"modules over {MAX_LINES} lines: {sorted(set(long) - set(TOO_LONG))}"


def test_stages_meet_only_through_core():
    crossings = set()
    for name, deps in graph().items():
        for dep in deps:
            if stage(name) in STAGES | {SHARED} and stage(dep) != stage(name) and stage(dep) != SHARED:
                crossings.add((name, dep))
    assert crossings <= set(CROSSINGS), f"imports between stages: {sorted(crossings - set(CROSSINGS))}"
    assert not {c for c in CROSSINGS if c not in crossings}, "a listed crossing is gone: remove it from CROSSINGS"


def test_core_imports_no_stage():
    for name, deps in graph().items():
        if stage(name) == SHARED:
            assert all(stage(d) == SHARED for d in deps), f"{name} imports {sorted(deps)}"
