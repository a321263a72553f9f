#!/usr/bin/env bash
# Prints the path of a Python interpreter of at least the version given (e.g. 3.12),
# or explains what is missing and exits non-zero.
set -euo pipefail
want="${1:?usage: find-python.sh MAJOR.MINOR}"
want_minor="${want#*.}"

# The version named in .python-version first, then any newer one.
candidates=("python$want")
if command -v pyenv >/dev/null 2>&1; then
  for v in $(pyenv versions --bare 2>/dev/null | sort -V); do
    candidates+=("$(pyenv root)/versions/$v/bin/python3")
  done
fi
for minor in 14 13 12; do
  candidates+=("python3.$minor")
done
candidates+=(python3 python)

for c in "${candidates[@]}"; do
  path=$(command -v "$c" 2>/dev/null) || continue
  ok=$("$path" -c "import sys; print(int(sys.version_info[:2] >= (3, $want_minor)))" 2>/dev/null) || continue
  if [ "$ok" = 1 ]; then
    echo "$path"
    exit 0
  fi
done
echo "This project needs Python $want or newer, and none was found." >&2
echo "Install Python $want (for example 'pyenv install $want') and run the command again." >&2
exit 1
