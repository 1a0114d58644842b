#!/usr/bin/env bash
# One-time set-up on a fresh Debian machine: the Jupyter packages the kernel is driven by,
# Chromium for the browser checks, then the npm dependencies (which also builds the project).
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(
  jupyter-notebook python3-nbconvert python3-nbclient jupyter-client
  python3-jupyter-kernel-test python3-ipykernel
  libjs-requirejs libjs-mathjax   # served beside the rendered course pages (offline)
  chromium                        # figure images and the browser checks
  iproute2                        # `ss`: the lifecycle tests look for ports left open
  libopenblas-dev                 # native matrix products for the WASM backend (built by `npm run build`)
)
# The training benchmark compares against PyTorch: `scripts/setup.sh --bench` adds it.
[ "${1:-}" = "--bench" ] && debian_packages+=(python3-torch)
missing=()
for pkg in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
