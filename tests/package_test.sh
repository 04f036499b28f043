#!/usr/bin/env bash
# The Debian package (cmake/packaging.cmake): builds the `package` target,
# checks the .deb's name, control fields (Depends computed by dpkg-shlibdeps)
# and contents, extracts it into a scratch root and runs the binary from
# there on the seed example.
#   package_test.sh <build dir> <source dir> <version>
set -uo pipefail
build=$1 source=$2 version=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

arch=$(dpkg --print-architecture)
deb=$build/archgate_${version}_${arch}.deb
rm -f "$deb"
if ! cmake --build "$build" --target package >"$work/package.log" 2>&1; then
  cat "$work/package.log"
  echo "FAIL: cmake --build $build --target package"
  exit 1
fi
if [ ! -f "$deb" ]; then
  echo "FAIL: no $deb; the build made:"
  ls "$build"/*.deb 2>/dev/null
  exit 1
fi

field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = archgate ] || fail "Package is '$(field Package)'"
[ "$(field Version)" = "$version" ] || fail "Version is '$(field Version)', the project's is $version"
[ "$(field Architecture)" = "$arch" ] || fail "Architecture is '$(field Architecture)'"
depends=$(field Depends)
# The libraries every build links, and jemalloc when this build links it (a
# sanitizer build brings its own allocator instead).
libraries=(libc6 libgit2 libyaml-cpp libsqlite3)
[[ "$(ldd "$build/archgate")" == *libjemalloc* ]] && libraries+=(libjemalloc)
for library in "${libraries[@]}"; do
  [[ $depends == *"$library"* ]] || fail "Depends does not name $library (dpkg-shlibdeps): '$depends'"
done
[ -n "$(field Maintainer)" ] || fail "no Maintainer"
[ -n "$(field Homepage)" ] || fail "no Homepage"
# Read once, then searched: `field ... | grep -q` fails at random under
# pipefail (grep stops reading at the first match, dpkg-deb gets SIGPIPE).
description=$(field Description)
grep -q 'microservice repository' <<<"$description" || fail "Description: '$description'"
grep -q 'archgate verify checks running services' <<<"$description" || fail "the long description is cut: '$description'"

dpkg-deb -c "$deb" | awk '{print $6}' | sed 's,^\./,/,' >"$work/contents"
for path in /usr/bin/archgate /usr/share/man/man1/archgate.1.gz /usr/share/doc/archgate/rules/README.md \
  /usr/share/doc/archgate/rules/AG301.md; do
  grep -qx "$path" "$work/contents" || fail "the package does not install $path"
done

root=$work/root
dpkg-deb -x "$deb" "$root"
# The rule pages are the binary's, and the same as docs/rules/ (which
# rules/registry_test.cpp keeps generated from the metadata).
diff -r "$source/docs/rules" "$root/usr/share/doc/archgate/rules" >"$work/rules.diff" ||
  fail "the packaged rule pages differ from docs/rules: $(head -20 "$work/rules.diff")"
# The manual page names every rule `archgate rules` lists.
man=$(gzip -dc "$root/usr/share/man/man1/archgate.1.gz") || fail "archgate.1.gz is not gzip"
for section in NAME SYNOPSIS COMMANDS OPTIONS 'EXIT STATUS' ENVIRONMENT FILES RULES; do
  grep -qx ".SH $section" <<<"$man" || fail "the manual page has no $section section"
done
ids=$("$root/usr/bin/archgate" rules --format json | python3 -c 'import json, sys; print(*[r["id"] for r in json.load(sys.stdin)])')
[ -n "$ids" ] || fail "archgate rules --format json listed no rule"
for id in $ids; do
  grep -q "^\\\\fB$id\\\\fR" <<<"$man" || fail "the manual page does not list $id"
done
# groff, when it is installed, reads the page without a warning.
if command -v groff >/dev/null; then
  warnings=$(gzip -dc "$root/usr/share/man/man1/archgate.1.gz" | groff -man -Tutf8 -ww -z 2>&1)
  [ -z "$warnings" ] || fail "groff warns: $warnings"
fi

out=$("$root/usr/bin/archgate" --version)
[[ $out =~ ^archgate\ $version$ ]] || fail "--version printed '$out'"
out=$("$root/usr/bin/archgate" check "$source/fixtures/seed-example" --no-cache --no-color)
code=$?
[ $code -eq 1 ] || fail "check of the seed example exited $code, not 1"
grep -q 'error\[AG301 missing-healthcheck\]' <<<"$out" || fail "no AG301 finding in: $out"

if [ $failures -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "ok: $(basename "$deb"), Depends: $depends"
