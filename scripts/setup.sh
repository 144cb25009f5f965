#!/usr/bin/env bash
# Everything a fresh Debian machine with Python 3.11 needs, in one place (the README and .ci/run call it):
#   system packages — Debian's Chromium (figure export, PDFs, browser tests), a JRE (Nu HTML Checker),
#   LibreOffice Calc without GUI (workbook round trips), poppler (PDF text checks);
#   npm packages — the plotly.js bundle the pages ship, vnu-jar and axe-core, pinned in package.json and
#   package-lock.json;
#   the Python virtual environment .venv with the project (and its test extra with --test).
# --git-hook (opt-in) also installs the git pre-commit hook that brings committed notebooks to their stored form
# (scripts/install-git-hook.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

extra=""
git_hook=""
for arg in "$@"; do
  case "$arg" in
    --test) extra="[test]" ;;
    --git-hook) git_hook=1 ;;
    *) echo "setup.sh: unknown option $arg (known: --test, --git-hook)" >&2; exit 2 ;;
  esac
done

need_apt=""
for tool in chromium java soffice pdftotext; do
  command -v "$tool" >/dev/null 2>&1 || need_apt=1
done
if [ -n "$need_apt" ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    chromium fonts-dejavu-core default-jre-headless libreoffice-calc-nogui poppler-utils >/dev/null
fi

if [ ! -d node_modules/vnu-jar ] || [ ! -d node_modules/axe-core ] || [ ! -d node_modules/plotly.js-cartesian-dist-min ] \
  || [ ! -d node_modules/dejavu-fonts-ttf ]; then
  npm ci --no-audit --no-fund --silent
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e ".${extra}"

[ -z "$git_hook" ] || bash scripts/install-git-hook.sh
