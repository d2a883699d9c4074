# Two commands: `make demo` opens the app on the demo project, `make test` runs the whole suite headless.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

export QT_QPA_PLATFORM ?= offscreen
export TEST_DATABASE_URL ?= postgresql+psycopg://root@127.0.0.1:5432/test

.PHONY: venv test lint demo clean bench migrations-check package package-check

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

test: venv
	bash .ci/ensure-postgres
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/pytest

demo: venv
	QT_QPA_PLATFORM= $(BIN)/ahsp demo

bench: venv
	$(BIN)/python bench/engine.py

# The standalone desktop bundle dist/ahsp-desktop (PyInstaller, one folder; see packaging/README.md) and its
# check from outside the repository with a clean environment.
PACKAGE_STAMP := $(VENV)/.installed-package

$(PACKAGE_STAMP): $(STAMP)
	$(BIN)/pip install -q -e '.[test,package]'
	touch $(PACKAGE_STAMP)

package: $(PACKAGE_STAMP)
	$(BIN)/python packaging/build_bundle.py

package-check: package
	$(BIN)/python packaging/check.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .hypothesis build dist *.egg-info

# Regenerate the initial migration from the models (only while no release has shipped).
schema: venv
	rm -f /tmp/ahsp-schema.sqlite migrations/versions/*_initial_schema.py
	$(BIN)/alembic -x url=sqlite:////tmp/ahsp-schema.sqlite revision --autogenerate --rev-id 0001 -m "initial schema"
	sed -i 's/[[:space:]]*$$//' migrations/versions/*_initial_schema.py
	$(BIN)/ruff format -q migrations/versions
	$(BIN)/ruff check --fix -q migrations/versions
	rm -f /tmp/ahsp-schema.sqlite
