#!/usr/bin/env bash
# Packs what bench/gpu/h200-check.sh needs on the GPU machine into .gpu/ (git-ignored; about
# 45 MB, under the device tool's 64 MiB): Node (xz), the installed project without the GPU
# binaries of node-llama-cpp and other bulk, and llama.cpp's source from node-llama-cpp's bundle
# (CUDA is built there from it). See ../shared/notes/gpu-device.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p .gpu
[ -f .gpu/node.xz ] || xz -T2 -6 -c "$(command -v node)" >.gpu/node.xz
tar -cJf .gpu/project.tar.xz \
  --exclude='node_modules/@node-llama-cpp/linux-x64-cuda*' --exclude='node_modules/@node-llama-cpp/linux-x64-vulkan' \
  --exclude='node_modules/@node-llama-cpp/linux-arm*' --exclude='node_modules/node-llama-cpp/llama/gitRelease.bundle' \
  --exclude='node_modules/better-sqlite3/deps' --exclude='node_modules/typescript' --exclude='node_modules/@biomejs' \
  --exclude='node_modules/playwright-core' --exclude='node_modules/jsdom' --exclude='node_modules/@typescript' \
  --exclude='node_modules/.cache' --exclude='node_modules/openai' --exclude='node_modules/@rolldown' \
  --exclude='node_modules/lightningcss*' --exclude='node_modules/react-dom' --exclude='node_modules/@testing-library' \
  --exclude='node_modules/better-sqlite3/build/Release/obj*' --exclude='node_modules/better-sqlite3/build/Release/.deps' \
  --exclude='node_modules/@types' --exclude='native/build/Release/obj.target' --exclude='native/build/cpu/probe' \
  dist node_modules native/build
source_dir="$(node -p "require('./native/build/addon.json').llamaSource")"
tar -cJf .gpu/llama-src.tar.xz -C "$source_dir" --exclude=.git --exclude=docs --exclude=media --exclude=tests \
  --exclude=benches --exclude='*.gguf' .
du -sh .gpu/*
