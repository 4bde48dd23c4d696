#!/usr/bin/env bash
# Unpacks Mesa's lavapipe Vulkan driver (a Vulkan device that runs on the CPU) and the Vulkan
# loader from Debian's packages into a private folder, without installing them system-wide: a
# system-wide Mesa makes node-llama-cpp's automatic choice Vulkan for every process. Tests opt in
# with the environment the script prints (LD_LIBRARY_PATH, VK_DRIVER_FILES,
# GGML_VK_VISIBLE_DEVICES); test/engine/vulkan-agreement.test.ts does so itself.
# Usage: scripts/install-lavapipe.sh [folder]   (default: $XDG_CACHE_HOME/logprobe/lavapipe)
set -euo pipefail
root="${1:-${XDG_CACHE_HOME:-$HOME/.cache}/logprobe/lavapipe}"
icd="$root/usr/share/vulkan/icd.d/lvp_icd.x86_64.json"
if [ -f "$icd" ] && grep -q "$root" "$icd"; then echo "$root"; exit 0; fi
packages=(libvulkan1 mesa-vulkan-drivers libllvm15 libz3-4 libdrm2 libdrm-amdgpu1 libelf1 libsensors5
  libwayland-client0 libx11-xcb1 libxcb-dri3-0 libxcb-present0 libxcb-randr0 libxcb-shm0 libxcb-sync1
  libxcb-xfixes0 libxshmfence1)
debs="$(mktemp -d)"
trap 'rm -rf "$debs"' EXIT
# apt-get download writes into the current folder; without package lists it finds nothing.
(cd "$debs" && apt-get download -q "${packages[@]}" >/dev/null 2>&1) ||
  { apt-get update -q >/dev/null && (cd "$debs" && apt-get download -q "${packages[@]}" >/dev/null 2>&1); }
chmod 755 "$debs"
mkdir -p "$root"
for deb in "$debs"/*.deb; do dpkg -x "$deb" "$root"; done
lib="$root/usr/lib/x86_64-linux-gnu"
sed -i "s#\"library_path\": \"[^\"]*libvulkan_lvp.so\"#\"library_path\": \"$lib/libvulkan_lvp.so\"#" "$icd"
missing="$(LD_LIBRARY_PATH="$lib" ldd "$lib/libvulkan_lvp.so" | grep "not found" || true)"
if [ -n "$missing" ]; then echo "lavapipe needs libraries that are missing: $missing" >&2; exit 1; fi
echo "$root"
