# Two commands on a fresh machine (see README.md):
#   make demo   set everything up, ingest corpus/ and show what was found and an example search
#   make test   set everything up and run the test suite
PY := .venv/bin/python
export HF_HUB_OFFLINE := 1

.venv/installed: requirements.txt
	python3 -m venv .venv
	.venv/bin/pip install -q --upgrade pip
	.venv/bin/pip install -q torch==2.13.0
	.venv/bin/pip install -q -r requirements.txt
	touch $@

setup: .venv/installed

demo: setup
	$(PY) cli.py ingest corpus/
	$(PY) cli.py summary
	$(PY) cli.py search "which subsidies apply to workshops" --limit 5

test: setup
	$(PY) -m pytest -q

lint: setup
	$(PY) -m ruff check .

.PHONY: setup demo test lint
