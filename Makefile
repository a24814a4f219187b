# Two commands for a new user: `make run` and `make test`. Everything else is optional.
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
MANAGE := $(UV) run --frozen python manage.py
# The benchmark's tools (gunicorn, httpx, pyinstrument) live in their own group.
BENCH := $(UV) run --frozen --group bench python
CHROMIUM := /usr/bin/chromium

.PHONY: run test install chromium lint format bench lighthouse load clean

## run: install what is missing, migrate, load the question guides, serve on 127.0.0.1:8000
run: install
	$(MANAGE) migrate --no-input
	$(MANAGE) import_guide interview/guides/*.md
	@echo
	@echo "  Interview Answer Studio: http://127.0.0.1:8000"
	@echo "  Admin (guides): http://127.0.0.1:8000/admin/ - create an admin user with:"
	@echo "    $(UV) run python manage.py createsuperuser"
	@echo
	$(MANAGE) runserver 127.0.0.1:8000

## test: install what is missing (Chromium included) and run lint and the whole suite
test: install chromium
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen pytest

install:
	@command -v $(UV) >/dev/null 2>&1 || python3 -m pip install --user --quiet uv \
		|| python3 -m pip install --user --quiet --break-system-packages uv
	@$(UV) sync --frozen --quiet

chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian's chromium for the browser tests..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "The browser tests need Chromium at $(CHROMIUM). Install it with: sudo apt-get install chromium"; \
			exit 1; \
		fi; \
	fi

format: install
	$(UV) run --frozen ruff format .
	$(UV) run --frozen ruff check --fix .

## bench: throughput and latency of every page against /healthz (README "Measured figures")
bench: install
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; } \
		|| { echo "make bench needs wrk: sudo apt-get install wrk"; exit 1; }
	$(BENCH) bench/run.py

## load: many users autosaving at once, then every acknowledged save read back
load: install
	$(BENCH) bench/load.py

## lighthouse: performance, accessibility and best-practice scores (slow; not part of make test)
lighthouse: install chromium
	$(BENCH) bench/lighthouse.py

clean:
	rm -rf .venv staticfiles
