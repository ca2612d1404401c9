# The two commands a newcomer needs: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
HOST   ?= 127.0.0.1:8000

# A key for local work only; production sets SECRET_KEY (see README.md).
export SECRET_KEY ?= insecure-development-key-change-me

.PHONY: run test lint format messages check demo clean bench load browser-tools

$(STAMP):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python 3.12 or newer is needed: set PYTHON=python3.12")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-* && touch $@

## run: install, migrate, load the demo data into an empty database, serve on $(HOST)
run: export DEBUG ?= true
run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo_data --if-empty
	$(BIN)/python manage.py runserver $(HOST)

## test: the whole suite (DATABASE_URL chooses the database; SQLite by default)
test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## messages: refresh the zh_Hans and en catalogues and compile them
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l zh_Hans -l en --ignore=.venv --ignore=staticfiles
	$(BIN)/python manage.py compilemessages --ignore=.venv

check: $(STAMP)
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

demo: export DEBUG ?= true
demo: $(STAMP)
	$(BIN)/python manage.py demo_data $(DEMO_ARGS)

## bench: every public page at scale 100 on PostgreSQL, as ratios to the floor (bench/pages.py)
bench: $(STAMP)
	$(BIN)/python bench/pages.py $(BENCH_ARGS)

## load: every public page under many clients for a minute; zero errors (bench/load.py)
load: $(STAMP)
	$(BIN)/python bench/load.py $(LOAD_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles .pytest_cache

## browser-tools: what the browser tests need: Debian's Chromium, CJK fonts and Java (apt,
## as root), axe-core and vnu-jar (npm). Quick when they are there already.
NPM_STAMP := node_modules/.installed-$(shell cksum < package-lock.json | cut -d' ' -f1)
browser-tools:
	@missing=""; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing="$$missing fonts-noto-cjk"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$missing >/dev/null; \
	fi
	@$(MAKE) --no-print-directory $(NPM_STAMP)
	@/usr/bin/chromium --version 2>/dev/null && java -version 2>&1 | head -1

$(NPM_STAMP): package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	rm -f node_modules/.installed-* && touch $@
