# Two entry points for a fresh machine: `make site` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: setup site serve test docs clean

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

# Markdown only (docs/), no mkdocs.
docs: setup
	$(BIN)/build-archive build

# Everything: Markdown into docs/, then `mkdocs build --strict` into site/.
site: setup
	$(BIN)/build-archive site

# The built site as it will be published (report pages are rendered by the build, not by
# `mkdocs serve`). Ctrl-C stops it.
serve: site
	@echo "Serving site/ at http://127.0.0.1:8000/"
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory site 8000

# pytest exits 5 when it collects nothing: that is a failure here, not a pass.
test: setup
	$(BIN)/python -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing" >&2; exit 1; fi; \
	exit $$status

clean:
	rm -rf site dist docs/r docs/raw docs/browse docs/county docs/city docs/province docs/year docs/theme docs/indicator docs/data docs/search-index docs/index.md docs/build-report.md docs/build-report.tsv docs/build-report.tsv.gz
