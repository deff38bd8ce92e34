#!/usr/bin/env bash
# Installs the Debian packages the build, the tests and the demo need (Debian 12), and nothing
# when they are all there already.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libpugixml-dev libcurl4-openssl-dev nlohmann-json3-dev libboost-dev libboost-filesystem-dev
  libsqlite3-dev libssl-dev libmariadb-dev mariadb-server libcpp-httplib-dev libgtest-dev libgmock-dev
  clang libclang-rt-14-dev llvm-14  # tests/fuzz: libFuzzer and the sanitizers' runtime, llvm-symbolizer
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
