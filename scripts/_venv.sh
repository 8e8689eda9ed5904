# Shared by scripts/start and scripts/test: make .venv and install the project into it.
# Re-running is cheap: pip only installs what changed. Set WWC_VENV to use another folder.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${WWC_VENV:-$root/.venv}"
python="${PYTHON:-python3}"
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "error: Python 3.11 or newer is needed (found: $("$python" --version 2>&1))" >&2
  exit 1
fi
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
extras="${1:-}"
# Reinstall when pyproject.toml or the set of top-level packages changes: an editable
# install only knows the packages that existed when it was made.
stamp="$venv/.installed$extras"
want="$(cat "$root/pyproject.toml" <(ls -d "$root"/*/__init__.py 2>/dev/null) | cksum)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e "$root$extras"
  echo "$want" > "$stamp"
fi
