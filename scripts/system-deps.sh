#!/usr/bin/env bash
# Install the operating-system packages that PDF rendering and the browser suite use.
# Only where we are root with apt-get; otherwise say so and carry on (those parts skip).
set -u
PACKAGES=(${SYSTEM_PACKAGES:-})
[ -f scripts/system-packages.txt ] && PACKAGES+=($(grep -v '^#' scripts/system-packages.txt))
[ ${#PACKAGES[@]} -eq 0 ] && exit 0
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
  echo "== system packages missing (${missing[*]}): install them to run PDF and browser tests"
  exit 0
fi
echo "== installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
  || echo "== could not install ${missing[*]}; the tests that need them will skip"
exit 0
