# Two commands matter: `make book` builds the site, `make test` runs every test.
# Both create the Python environment in .venv first if it is missing or out of date.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.ready
BUILD_FLAGS := --warningiserror --nitpick --keep-going
PORT   ?= 8000

.PHONY: help book test serve app apps bench clean

help:
	@echo "make book   build both editions into _build/html (da/, en/ and a front door)"
	@echo "make test   run every test (engine, data, widgets, book, browser)"
	@echo "make serve  serve the built site on http://127.0.0.1:$(PORT)"
	@echo "make app    open the exercises as apps in Voila"
	@echo "make bench  measure build time, page weight and exercise response time"
	@echo "make links  check every outbound link live (needs a network; not part of make test)"

$(READY): requirements.txt requirements-test.txt pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is needed, found " + sys.version' 
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $(READY)

book: $(READY)
	$(BIN)/python tools/build_book.py $(BUILD_FLAGS)
	@echo "The site is in _build/html: run 'make serve' and open http://127.0.0.1:$(PORT)/"

# One test file per worker at a time, on every core (at most four: each worker runs a Voila and
# a Chromium of its own); the book is built once for all of them (tests/conftest.py).
test: $(READY)
	$(BIN)/python -m pytest --numprocesses=auto --maxprocesses=4 --dist=loadfile

serve: $(READY)
	@echo "Serving _build/html on http://127.0.0.1:$(PORT) (Ctrl-C stops)"
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

apps: $(READY)
	$(BIN)/python tools/build_apps.py

# The course's front end for the apps needs npm; without it Voila's own is used (voila.py).
app: $(READY)
	$(BIN)/python tools/build_browser.py --voila || echo "Using Voila's own front end for the apps."
	$(BIN)/voila apps --Voila.ip=127.0.0.1

bench: $(READY)
	$(BIN)/python tools/build_browser.py --voila
	$(BIN)/python tools/bench.py
	$(BIN)/python tools/bench_browser.py

.PHONY: links
links: $(READY)
	$(BIN)/python tools/check_links.py

clean:
	rm -rf _build
