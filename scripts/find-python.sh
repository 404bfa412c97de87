#!/bin/sh
# Prints the path of a Python 3.12+ interpreter, or explains how to get one.
# Order: $PYTHON, the newest python3.X on PATH, python3, then pyenv's installed versions
# (which are not on PATH unless pyenv is initialised in the shell).
ok() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}
for candidate in "${PYTHON:-}" python3.14 python3.13 python3.12 python3; do
    [ -n "$candidate" ] || continue
    path=$(command -v "$candidate" 2>/dev/null) || continue
    if ok "$path"; then echo "$path"; exit 0; fi
done
for root in "${PYENV_ROOT:-}" "$HOME/.pyenv"; do
    [ -d "$root/versions" ] || continue
    for path in $(ls -d "$root"/versions/3.* 2>/dev/null | sort -t. -k2,2nr -k3,3nr); do
        if ok "$path/bin/python"; then echo "$path/bin/python"; exit 0; fi
    done
done
echo "Fant ingen Python 3.12 eller nyere. Installer f.eks. 'python3.12' (apt) eller sett PYTHON=/sti/til/python." >&2
exit 1
