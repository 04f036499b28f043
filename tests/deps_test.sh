#!/usr/bin/env bash
# scripts/deps.sh is the one list of packages: every package a CMakeLists.txt
# (or cmake/*.cmake) requires through archgate_require() is on it (the build
# list for the build, the test list for tests/), and the integrations that
# install packages call it instead of naming packages themselves.
#   deps_test.sh <source dir>
set -uo pipefail
source_dir=$1
cd "$source_dir" || exit 1
failures=0
build_list=$(scripts/deps.sh --print)
test_list=$(scripts/deps.sh --print --tests)
while IFS= read -r file; do
  # archgate_require(FOUND_VARIABLE package)
  while read -r package; do
    case $file in
      tests/* | bench/* | fuzz/*) list=$test_list; which="--tests" ;;
      *) list=$build_list; which="" ;;
    esac
    if ! grep -qx -- "$package" <<<"$list"; then
      echo "FAIL: $file requires $package, which scripts/deps.sh $which does not list"
      failures=$((failures + 1))
    fi
  done < <(grep -o 'archgate_require([^)]*)' "$file" | sed -E 's/archgate_require\([^ ]+ +([^ )]+)\)/\1/' |
           grep -v '^package$')
done < <(find . \( -path './build*' -o -path ./.git -o -path '*/node_modules' \) -prune -o \
           \( -name CMakeLists.txt -o -name '*.cmake' \) -type f -print | sed 's|^\./||' | sort)
[ "$(grep -c 'archgate_require(' CMakeLists.txt)" -gt 5 ] || { echo "FAIL: found no archgate_require() calls"; failures=$((failures + 1)); }
# No second list: the integrations call scripts/deps.sh.
for file in github-action/build.sh docs/ci.md README.md; do
  if grep -q 'libyaml-cpp-dev' "$file"; then
    echo "FAIL: $file names packages itself; call scripts/deps.sh instead"
    failures=$((failures + 1))
  fi
  grep -q 'scripts/deps.sh' "$file" || { echo "FAIL: $file does not use scripts/deps.sh"; failures=$((failures + 1)); }
done
if [ $failures -gt 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "every required package is on the list: ok"
