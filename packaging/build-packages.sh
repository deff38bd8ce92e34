#!/usr/bin/env bash
# Builds the packages: a Release build of the modules (no tests) in build/package, then for every
# module its .deb and, when rpmbuild is there, its .rpm (billmanager-plugin-<module>); prints the
# files made, one a line, by module. Installs what is missing first: the build's packages
# (tests/install-deps.sh), then dpkg-dev and rpm (apt-get, as root or via sudo).
#
#   packaging/build-packages.sh [--no-install] [--build-dir DIR] [--output-dir DIR]
#
#   --no-install      install nothing (packaging/check-packages.sh): without rpmbuild there is
#                     no .rpm; without dpkg-shlibdeps (dpkg-dev) the .deb fails
#   --build-dir DIR   the build (default build/package)
#   --output-dir DIR  where the packages go (default the build)
# Parallel jobs: CMAKE_BUILD_PARALLEL_LEVEL, default every core.
set -euo pipefail
source_dir=$(cd "$(dirname "$0")/.." && pwd)

install=1
build_dir=$source_dir/build/package
output_dir=
while (($#)); do
  case $1 in
    --no-install) install=0 ;;
    --build-dir) build_dir=${2:?}; shift ;;
    --output-dir) output_dir=${2:?}; shift ;;
    *) echo "usage: $0 [--no-install] [--build-dir DIR] [--output-dir DIR]" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p "$build_dir" ${output_dir:+"$output_dir"}
build_dir=$(cd "$build_dir" && pwd)
output_dir=$(cd "${output_dir:-$build_dir}" && pwd)

# Installs those of the Debian packages given that are missing, as tests/install-deps.sh does.
install_missing() {
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  ((${#missing[@]})) || return 0
  echo "installing: ${missing[*]}"
  local sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

if ((install)); then
  bash "$source_dir/tests/install-deps.sh"
  install_missing dpkg-dev  # dpkg-shlibdeps, for the .deb's Depends
  install_missing rpm || echo "warning: could not install rpm (rpmbuild): no .rpm" >&2
fi

cmake -S "$source_dir" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DPM_TESTS=OFF >/dev/null
cmake --build "$build_dir" --parallel "${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}"

generators=(DEB)
if command -v rpmbuild >/dev/null; then
  generators+=(RPM)
else
  echo "rpmbuild not found (Debian package rpm): no .rpm" >&2
fi
packages=()
for generator in "${generators[@]}"; do
  log=$(cd "$build_dir" && cpack -G "$generator" -B "$output_dir") || {
    echo "$log" >&2
    exit 1
  }
  # CPack: - package: /path/name.deb generated.
  while read -r package; do packages+=("$package"); done < <(
    sed -n 's/^CPack: - package: \(.*\) generated\.$/\1/p' <<<"$log")
done
((${#packages[@]})) || { echo "cpack made no package" >&2; exit 1; }
# One .deb and one .rpm per module: billmanager-plugin-<module>_….deb, billmanager-plugin-<module>-….rpm
printf '%s\n' "${packages[@]}" | LC_ALL=C sort
