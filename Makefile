# yimi-desktop: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
DEMO_DB := demo/yimi-demo.db
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test
# Chinese is the source language of every tr() string; English is a translation.
QM     := $(patsubst %.ts,%.qm,$(wildcard resources/translations/*.ts))

.PHONY: run test lint install translations demo package bench clean lupdate deb-deps run-deps

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PIP) install --quiet -e .
	touch $@

$(TSTAMP): pyproject.toml $(STAMP)
	$(PIP) install --quiet -e '.[test]'
	touch $@

install: $(STAMP) translations

resources/translations/%.qm: resources/translations/%.ts | $(STAMP)
	$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

translations: $(QM)

# Refresh the .ts sources from the code (then translate the new entries). lupdate writes `"/>` and
# `&apos;` where the file has `" />` and `'`; both are put back, so a run that adds nothing changes nothing.
TS ?= resources/translations/yimi_en.ts
lupdate: $(STAMP)
	$(VENV)/bin/pyside6-lupdate -silent -no-obsolete -source-language zh_CN -target-language en $$(find yimi_desktop/ui -name '*.py' | sort) -ts $(TS)
	sed -i -e 's|"/>|" />|g' -e "s/&apos;/'/g" $(TS)

# ruff (rules and per-file exceptions in pyproject.toml) and mypy (strict for domain/, reports/, sync/).
lint: $(TSTAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

$(DEMO_DB): | $(STAMP)
	mkdir -p demo
	$(VENV)/bin/yimi --db $(DEMO_DB) init --name 演示笔记本 && $(VENV)/bin/yimi --db $(DEMO_DB) demo --seed 1 || { rm -f $(DEMO_DB); exit 1; }

demo: $(DEMO_DB)

# Qt's xcb platform plugin needs these X libraries on a real screen (a minimal Debian desktop may lack some).
RUN_DEB_PKGS := libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0 \
	libxcb-randr0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1 libdbus-1-3
run-deps:
	@missing=""; for p in $(RUN_DEB_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Qt needs these Debian packages to open a window:$$missing (sudo apt-get install$$missing)"; fi; \
	fi

run: install run-deps $(DEMO_DB)
	$(VENV)/bin/yimi-desktop --db $(DEMO_DB) --demo

# Debian packages the tests use (PDF checks, QR decoding, LibreOffice to write and read back workbooks as an
# office would, the age tool for package interop, faketime, Qt's xcb/egl runtime
# libs); installed only when missing.
DEB_PKGS := poppler-utils qpdf age faketime zbar-tools libreoffice-calc-nogui libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3
deb-deps:
	@missing=""; for p in $(DEB_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "missing Debian packages:$$missing (run as root or install them)"; fi; \
	fi

# -n auto: one pytest worker per core (xdist); the long end-to-end CLI tests then run beside the rest.
test: $(TSTAMP) translations deb-deps lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n auto --durations=25

bench: install
	$(PY) bench/directory.py
	$(PY) bench/ledger.py
	$(PY) bench/sync.py
	$(PY) bench/reports.py

package: install
	$(PIP) install --quiet -e '.[package]'
	$(VENV)/bin/pyinstaller --noconfirm --clean --distpath dist --workpath build packaging/yimi-desktop.spec
	@# smoke check: the bundled CLI imports everything the services need and runs the bundled migrations
	@tmp=$$(mktemp -d) && dist/yimi-desktop/yimi --db $$tmp/smoke.db init --name smoke >/dev/null \
	  && dist/yimi-desktop/yimi --db $$tmp/smoke.db stats --json >/dev/null; rc=$$?; rm -rf $$tmp; \
	  if [ $$rc != 0 ]; then echo "the bundled yimi failed to start (see above)"; exit 1; fi
	@echo "built dist/yimi-desktop/ ($$(du -sh dist/yimi-desktop | cut -f1); run dist/yimi-desktop/yimi-desktop, or dist/yimi-desktop/yimi for the CLI)"

clean:
	rm -rf build dist .pytest_cache

# The .deb for UOS / Kylin / Debian (amd64, glibc >= 2.31): built inside a Debian 11 root with its own CPython 3.11
# and PySide6 6.9.3, laid out under /opt/apps/yimi-desktop/ (packaging/README.md). Needs root; 20-30 minutes the
# first time (debootstrap, CPython), 5 after. Proof on fresh Debian 11 and 12 roots: packaging/test-deb.sh (by hand).
.PHONY: deb
deb:
	bash packaging/deb/build.sh
