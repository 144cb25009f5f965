#!/usr/bin/env bash
# The README's test command: lint, format, types, then every test and the notebooks re-executed by nbval.
# Run after `bash scripts/setup.sh --test`; `.ci/run` calls it on a fresh clone.
set -euo pipefail
cd "$(dirname "$0")/.."

.venv/bin/ruff check src tests benchmarks notebooks
.venv/bin/ruff format --check src tests benchmarks notebooks
.venv/bin/mypy
# pytest exits 5 when it collected nothing: under `set -e` that fails the run, never passes it.
.venv/bin/pytest --nbval tests notebooks "$@"
