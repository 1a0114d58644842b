#!/usr/bin/env bash
# One-time set-up on a fresh Debian machine: the Jupyter packages the kernel is driven by,
# Chromium for the browser checks, then the npm dependencies (which also builds the project).
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(
  jupyter-notebook python3-nbconvert python3-nbclient jupyter-client
  python3-jupyter-kernel-test python3-ipykernel
  python3-jupyter-server          # the server the browser widget test talks to
  libjs-requirejs libjs-mathjax   # served beside the rendered course pages (offline)
  chromium                        # figure images and the browser checks
  iproute2                        # `ss`: the lifecycle tests look for ports left open
  libopenblas-dev                 # native matrix products for the WASM backend (built by `npm run build`)
)
# The training benchmark compares against PyTorch: `scripts/setup.sh --bench` adds it.
[ "${1:-}" = "--bench" ] && debian_packages+=(python3-torch)
# Debian's JupyterHub 3.0 (its proxy, the classic Notebook as each student's server; ~20 MiB),
# which the hub tests (test/deploy/hub*.test.ts) start on 127.0.0.1 with deploy/jupyterhub's
# config. `scripts/setup.sh --hub` also installs the kernelspec system-wide and the student
# lessons, for a real class (below).
debian_packages+=(jupyterhub)
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
  # Debian's package enables a hub on port 8000 with its own config wherever systemd runs;
  # the tests need none of it, and `--hub` says how to run the class's hub.
  if [[ " ${missing[*]} " == *" jupyterhub "* ]] && [ "${1:-}" != "--hub" ] && [ -d /run/systemd/system ]; then
    $sudo systemctl disable --now jupyterhub.service || true
  fi
fi

if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi

if [ "${1:-}" = "--hub" ]; then
  # The kernelspec system-wide, outside $HOME (which a hub's home volume hides), and the
  # student versions of the lessons, which the hub copies into each new user's ~/lessons.
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo "$(command -v node)" dist/cli/tsdl.js install --prefix /usr/local
  $sudo mkdir -p /usr/local/share/tsdl/lessons
  $sudo "$(command -v node)" dist/cli/tsdl.js assign notebooks/[0-9][0-9]-*.ipynb --out /usr/local/share/tsdl/lessons
  # Debian's unit starts the hub with /etc/jupyterhub's config: point it at this one instead.
  echo "setup: the hub's configuration is $(pwd)/deploy/jupyterhub/jupyterhub_config.py (see deploy/README.md)"
fi
