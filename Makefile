# Trygg Dialog – developer entry points. `make run` and `make test` work on a fresh machine
# with Python 3.11: they create .venv, install, compile translations and go.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 5000
# Two workers: the suite's CPU time fits CI's budget only in parallel (pytest-xdist).
PYTEST_WORKERS ?= 2
PYTEST_ARGS ?=
MO_FILES := $(patsubst %.po,%.mo,$(wildcard translations/*/LC_MESSAGES/messages.po))
POT := translations/messages.pot
# Everything messages are extracted from: the template is rebuilt whenever one changes, so it cannot go stale.
POT_SOURCES := $(shell find app surveys analysis -name '*.py' -o -name '*.html') translations/babel.cfg

.PHONY: run test install translations lint typecheck bench clean system-libs

# WeasyPrint (every PDF) needs Pango from the system: installed from Debian when missing.
system-libs:
	@if ! ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0'; then \
		echo "installing Debian's Pango for WeasyPrint (PDF documents)"; \
		sudo=""; [ "$$(id -u)" -eq 0 ] || sudo="sudo"; \
		$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq \
			libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 >/dev/null; \
	fi

install: $(STAMP) translations

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Trygg Dialog needs Python 3.11 (set PYTHON=...)")'
	@$(MAKE) --no-print-directory system-libs
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools wheel
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

translations: $(STAMP) $(POT) $(MO_FILES)

# `plural(singular, plural, n, _)` is the pure libraries' ngettext (analysis/catalog.py).
$(POT): $(POT_SOURCES)
	$(BIN)/pybabel -q extract -F translations/babel.cfg -k _l -k lazy_gettext -k plural:1,2 \
		--sort-output --no-location --omit-header -o $@ app surveys analysis

translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po
	$(BIN)/pybabel -q compile -d translations -l $*

run: install
	$(BIN)/trygg db upgrade
	$(BIN)/trygg demo --if-empty
	$(BIN)/trygg run --host 127.0.0.1 --port $(PORT)

# pytest exits 5 when it collected nothing; that must fail loudly, not pass quietly.
test: install
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests" >&2; exit 1; fi; exit $$status

lint: install
	$(BIN)/ruff check app surveys analysis tests bench
	$(BIN)/ruff format --check app surveys analysis tests bench
	$(BIN)/mypy

bench: install
	$(BIN)/python bench/quality.py ../shared/data/dialog_answers_sv.csv
	$(BIN)/python bench/speed.py --sizes 10000 100000

clean:
	rm -rf $(VENV) instance .pytest_cache
	find translations -name '*.mo' -delete
