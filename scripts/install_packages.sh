# SPDX-License-Identifier: MIT
# Sourced by scripts/setup.sh and scripts/test.sh: install_packages PKG... installs, with
# Debian's apt-get, those of the named packages that are not installed yet (as root, or through
# sudo), and does nothing when all are there.
install_packages() {
  local missing=() p sudo=""
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  echo "installing: ${missing[*]}"
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}
