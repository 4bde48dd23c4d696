#!/usr/bin/env bash
# The check to run before saying an issue is resolved: what a new machine sees. Clones this
# repository's committed HEAD into a temporary folder, with a copy of ../shared beside it (as CI
# lays it out), and an empty cache (XDG_CACHE_HOME: the llama.cpp source clone, the OpenMP CPU
# kernels' CMake tree and the model cache all start empty). Then:
#   ci      CI=true bash .ci/run in that clone
#   readme  the README's two commands in a second clone where nothing was run before:
#           npm start -- "Once upon a time" --model ../shared/models/stories260K.gguf, then npm test
#   nocmake npm ci and npm test (not CI) in a clone where cmake fails: the install falls back to
#           node-llama-cpp's prebuilt CPU kernels, says why, and the tests still pass
#   all     ci and readme (the default)
# Logs go to the temporary folder (printed); the exit code is the first failure's.
set -euo pipefail
mode="${1:-all}"
case "$mode" in ci | readme | nocmake | all) ;; *) echo "usage: $0 [ci|readme|nocmake|all]" >&2; exit 2 ;; esac
repo="$(cd "$(dirname "$0")/.." && pwd)"
shared="$(cd "$repo/.." && pwd)/shared"
[ -d "$shared" ] || { echo "no shared folder at $shared (the test model lives there)" >&2; exit 2; }
work="$(mktemp -d /tmp/logprobe-fresh.XXXXXX)"
cp -r "$shared" "$work/shared"
commit="$(git -C "$repo" rev-parse HEAD)"
echo "fresh-clone check of ${commit:0:7} in $work"

run_ci() {
  git clone -q "$repo" "$work/ci" && git -C "$work/ci" checkout -q "$commit"
  mkdir -p "$work/cache-ci"
  local started=$SECONDS
  (cd "$work/ci" && XDG_CACHE_HOME="$work/cache-ci" CI=true bash .ci/run) >"$work/ci.log" 2>&1 ||
    { echo "ci: FAILED after $((SECONDS - started)) s; log: $work/ci.log"; tail -30 "$work/ci.log"; return 1; }
  echo "ci: passed in $((SECONDS - started)) s; log: $work/ci.log"
  grep -a -E "Test Files|Tests  " "$work/ci.log" | tail -2
}

run_readme() {
  git clone -q "$repo" "$work/readme" && git -C "$work/readme" checkout -q "$commit"
  mkdir -p "$work/cache-readme"
  local started=$SECONDS
  (cd "$work/readme" && XDG_CACHE_HOME="$work/cache-readme" npm start -- "Once upon a time" --model ../shared/models/stories260K.gguf) \
    >"$work/readme-main.log" 2>&1 ||
    { echo "readme main command: FAILED; log: $work/readme-main.log"; tail -30 "$work/readme-main.log"; return 1; }
  echo "readme main command: ok in $((SECONDS - started)) s; log: $work/readme-main.log"
  grep -a "perplexity" "$work/readme-main.log" | tail -1
  started=$SECONDS
  (cd "$work/readme" && XDG_CACHE_HOME="$work/cache-readme" npm test) >"$work/readme-test.log" 2>&1 ||
    { echo "readme test command: FAILED; log: $work/readme-test.log"; tail -30 "$work/readme-test.log"; return 1; }
  echo "readme test command: passed in $((SECONDS - started)) s; log: $work/readme-test.log"
}

run_nocmake() {
  git clone -q "$repo" "$work/nocmake" && git -C "$work/nocmake" checkout -q "$commit"
  mkdir -p "$work/cache-nocmake" "$work/no-cmake-bin"
  printf '#!/bin/sh\necho "cmake: hidden by fresh-clone-check.sh" >&2\nexit 127\n' >"$work/no-cmake-bin/cmake"
  chmod +x "$work/no-cmake-bin/cmake"
  local started=$SECONDS
  (cd "$work/nocmake" && export PATH="$work/no-cmake-bin:$PATH" XDG_CACHE_HOME="$work/cache-nocmake" &&
    unset CI && npm ci && npm test) >"$work/nocmake.log" 2>&1 ||
    { echo "nocmake: FAILED after $((SECONDS - started)) s; log: $work/nocmake.log"; tail -30 "$work/nocmake.log"; return 1; }
  echo "nocmake: passed in $((SECONDS - started)) s; log: $work/nocmake.log"
  grep -a "logprobe:" "$work/nocmake.log" | head -3
  grep -a -E "Test Files|Tests  " "$work/nocmake.log" | tail -2
}

status=0
if [ "$mode" = ci ] || [ "$mode" = all ]; then run_ci || status=1; fi
if [ "$mode" = readme ] || [ "$mode" = all ]; then run_readme || status=1; fi
if [ "$mode" = nocmake ]; then run_nocmake || status=1; fi
exit $status
