#!/usr/bin/env bash
# Install scripts/pre-commit-notebooks as this clone's git pre-commit hook (`bash scripts/setup.sh --git-hook` calls
# it). An existing pre-commit hook that is not ours is left as it is, with a message.
set -euo pipefail
cd "$(dirname "$0")/.."
hooks="$(git rev-parse --git-path hooks)"
mkdir -p "$hooks"
target="$hooks/pre-commit"
if [ -e "$target" ] && ! cmp -s "$target" scripts/pre-commit-notebooks; then
  echo "install-git-hook: $target exists and is not scripts/pre-commit-notebooks: left as it is." \
    "Call scripts/pre-commit-notebooks from it to normalise notebooks before each commit." >&2
  exit 1
fi
cp scripts/pre-commit-notebooks "$target"
chmod +x "$target"
echo "install-git-hook: $target normalises the notebooks you commit (benchmark normalise-notebooks)."
