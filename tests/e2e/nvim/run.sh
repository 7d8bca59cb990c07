#!/usr/bin/env bash
# Runs test.lua in a headless Neovim against the built server on a copy of the sample glossary.
# Usage: run.sh GLOSSARY_LS SOURCE_ROOT. Fails when nvim is missing, hangs (timeout) or asserts.
set -u
bin=$1
src=$2
command -v nvim >/dev/null || { echo "nvim is not installed (run .ci/setup)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$src/tests/sample" "$work/sample"
export GLOSSARY_LS=$bin SAMPLE=$work/sample
timeout 90 nvim --headless --clean -u NONE -i NONE -n \
    --cmd "set runtimepath^=$src/editors/nvim" \
    -c "luafile $src/tests/e2e/nvim/test.lua"
code=$?
[ $code -eq 124 ] && echo "Neovim timed out"
exit $code
