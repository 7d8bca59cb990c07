#!/usr/bin/env bash
# Runs test.el in Emacs (batch, -Q) with eglot against the built server on a copy of the sample.
# Usage: run.sh GLOSSARY_LS SOURCE_ROOT.
set -u
command -v emacs >/dev/null || { echo "emacs is not installed (run .ci/setup)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$2/tests/sample" "$work/sample"
export GLOSSARY_LS=$1 SOURCE_ROOT=$2 SAMPLE=$work/sample HOME=$work
timeout 90 emacs --batch -Q -l "$2/tests/e2e/emacs/test.el"
code=$?
[ $code -eq 124 ] && echo "Emacs timed out"
exit $code
