# Loa: the two set-up commands (see README.md) and a few helpers.
# `make demo` installs everything and serves the app with demo data on http://127.0.0.1:8000/
# `make test` runs the whole test suite (PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set).

UV_VERSION ?= 0.13.9
PORT ?= 8000
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
PYTEST_ARGS ?= -n auto

.PHONY: demo test install chromium ocr lint format check run mutation tour

demo: install ocr
	DEBUG=1 $(UV) run python manage.py migrate --noinput
	DEBUG=1 $(UV) run python manage.py load_demo
	DEBUG=1 $(UV) run python manage.py send_reminders
	DEBUG=1 $(UV) run python manage.py runserver 0.0.0.0:$(PORT)

test: install chromium ocr
	$(UV) run pytest $(PYTEST_ARGS)

install:
	@command -v $(UV) >/dev/null 2>&1 || python3 -m pip install --user --quiet "uv==$(UV_VERSION)"
	$(UV) sync --frozen

# Browser tests drive Debian's Chromium (Playwright's own download is not available offline).
chromium:
	@test -x /usr/bin/chromium || scripts/install-chromium

# Scanned plan PDFs are read with Tesseract and its Vietnamese model (Debian packages).
ocr:
	@scripts/install-ocr

lint:
	$(UV) run ruff check .
	$(UV) run ruff format --check .

format:
	$(UV) run ruff format .
	$(UV) run ruff check --fix .

check:
	DEBUG=1 $(UV) run python manage.py check
	DEBUG=1 $(UV) run python manage.py makemigrations --check --dry-run

# Mutation testing of the rule modules (slow; not part of CI): see docs/testing.md, "Mutation testing".
# MODULES="access cells" limits it to some modules.
mutation:
	$(UV) run --group mutation python scripts/mutation.py $(MODULES)

# Screenshots of the README's tour (docs/tour/), taken from a fresh demo in Chromium.
tour: install chromium
	$(UV) run python scripts/tour.py
