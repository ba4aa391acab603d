#!/usr/bin/env bash
# Installs Chromium from Debian's packages when the machine has none, for the browser tests
# (the report, the dashboard), and a small Chinese font (WenQuanYi Micro Hei, 1.6 MB) when
# no font covers Chinese, so that screenshots show the Simplified Chinese labels rather than
# boxes. Used by .ci/run; works on a developer machine too (as root, or with sudo). Prints
# the binary's path.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

packages=()
if [ -z "${KEHU_CHROMIUM:-}" ] || [ ! -x "$KEHU_CHROMIUM" ]; then
  command -v chromium >/dev/null 2>&1 || packages+=(chromium)
fi
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then packages+=(fonts-wqy-microhei); fi
if [ "${#packages[@]}" -gt 0 ]; then
  echo "installing ${packages[*]} from Debian's packages" >&2
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${packages[@]}" >&2
fi
if [ -n "${KEHU_CHROMIUM:-}" ] && [ -x "$KEHU_CHROMIUM" ]; then echo "$KEHU_CHROMIUM"; else command -v chromium; fi
