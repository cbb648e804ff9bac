#!/bin/sh
# The API baseline check as a newcomer's machine runs it, independent of the local repository of the
# machine it runs on. Called by .ci/run; runs on its own too: releng/api-baseline/check-fresh.sh
#  1. copies this checkout's sources (no target/ folders) to a scratch folder;
#  2. builds the three API bundles (and what they need) against an EMPTY local repository, tests
#     skipped: the baseline check must pass there, as it must on a fresh clone;
#  3. breaks the API in the copy (removes StageFactory.addDefaultPorts without a version bump) and
#     builds again: the baseline check must now fail with "Baseline problems found".
# Exits non-zero, with the reason, if either expectation is not met.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/fabrica-baseline.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "API baseline check: $*" >&2; exit 1; }

mkdir -p "$work/src" "$work/repo"
# tracked and new (not ignored) files that exist: what a clone of this checkout would hold
(cd "$ROOT" && git ls-files -co --exclude-standard -z | xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh \
  | tar -cf - --null --no-recursion -T -) | tar -xf - -C "$work/src"
modules=target-platform/milo-osgi,target-platform,bundles/io.fabrica.core,bundles/io.fabrica.model,bundles/io.fabrica.model.edit,bundles/io.fabrica.pipeline.model,bundles/io.fabrica.pipeline.api,bundles/io.fabrica.devices.api,bundles/io.fabrica.deploy.api
build() {
  (cd "$work/src" && ./mvnw -B verify -DskipTests -Dmaven.repo.local="$work/repo" -pl "$modules" "$@") >"$work/build.log" 2>&1
}

start=$(date +%s)
if ! build; then
  grep -E "ERROR|Baseline" "$work/build.log" | head -40 >&2
  fail "the API bundles do not pass the baseline check with an empty local repository (log above)"
fi
echo "API baseline check with an empty local repository: passed in $(( $(date +%s) - start )) s, $(du -sm "$work/repo" | cut -f1) MB downloaded"

# Reproducible: where this checkout has built the API jars (with its own local repository), the jars built
# against the empty one hold the same files with the same contents, the qualifier apart.
unpack() { # jar folder: the jar's files, with the qualifier cut from Bundle-Version
  mkdir -p "$2" && unzip -q -o "$1" -d "$2"
  sed -i 's/^\(Bundle-Version: [0-9]*\.[0-9]*\.[0-9]*\)\..*/\1/' "$2/META-INF/MANIFEST.MF"
}
compared=0
for b in io.fabrica.pipeline.api io.fabrica.devices.api io.fabrica.deploy.api; do
  ours=$(ls "$ROOT/bundles/$b/target/$b"-*-SNAPSHOT.jar 2>/dev/null | grep -v sources | head -1 || true)
  [ -n "$ours" ] || continue
  fresh=$(ls "$work/src/bundles/$b/target/$b"-*-SNAPSHOT.jar | grep -v sources | head -1)
  unpack "$ours" "$work/cmp/ours/$b"
  unpack "$fresh" "$work/cmp/fresh/$b"
  diff -r "$work/cmp/ours/$b" "$work/cmp/fresh/$b" >&2 || fail "$b differs between this checkout's build and the build with an empty local repository (above)"
  compared=$((compared + 1))
done
[ "$compared" -eq 0 ] || echo "API jars of this checkout and of the empty-repository build: $compared of 3 equal apart from the qualifier"

api=$work/src/bundles/io.fabrica.pipeline.api/src/io/fabrica/pipeline/api/StageFactory.java
grep -q "default boolean addDefaultPorts" "$api" || fail "cannot plant the API break: StageFactory.addDefaultPorts is gone from $api"
sed -i '/default boolean addDefaultPorts/,/^    }/d' "$api"
if build -o; then
  fail "a method removed from the API package io.fabrica.pipeline.api without a version bump was not caught"
fi
grep -q "Baseline problems found" "$work/build.log" || { tail -40 "$work/build.log" >&2; fail "the broken API failed the build, but not in the baseline check (log above)"; }
echo "API baseline check on a planted break (StageFactory.addDefaultPorts removed, package still 1.0.0): the build failed as it must:"
grep -E "addDefaultPorts|MAJOR|Baseline problems" "$work/build.log" | head -5
