#!/usr/bin/env bash
# The whole Okta management API through the generator, measured (issue 18; not run by CI):
#
#  1. per tag: `xtask import-openapi --tag T --generate` of the vendored document, then a
#     non-incremental debug build of that crate alone (its dependencies built once, before);
#  2. the whole document the same way;
#  3. the `okta` 0.7.1 crate from crates.io (Oxide's generated client of Okta's 2.5.0 spec,
#     267 operations) built the same way, side by side in the same run.
#
# usage: xtask/peers/whole_api.sh [SCRATCH_DIR] [--whole-only | TAG...]
#   SCRATCH_DIR  where everything goes (default /tmp/okta-whole); outside the repository
#   --whole-only skip step 1
#   TAG...       only these tags in step 1 (default: every tag of the document)
# The document is DOC (default spec/reference/okta-management-5.1.0.yaml), with the
# overlay beside it (`<name>.overlay.yaml`) when there is one.
#
# Prints one table row per crate: operations, models, files, lines, wall time, rustc CPU
# time (user + system of the build, which is rustc on the crate and its build script) and
# the peak resident set of the largest process (rustc), from GNU time. Also left in
# SCRATCH/table.tsv. The machine is shared: times move with its load.
set -euo pipefail

PEERS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$PEERS/../.." && pwd)"
S="${1:-/tmp/okta-whole}"
shift || true
DOC="${DOC:-$REPO/spec/reference/okta-management-5.1.0.yaml}"
OVERLAY_ARGS=()
if [ -f "${DOC%.yaml}.overlay.yaml" ]; then
    OVERLAY_ARGS=(--overlay "${DOC%.yaml}.overlay.yaml")
fi
WHOLE_ONLY=0
if [ "${1:-}" = "--whole-only" ]; then
    WHOLE_ONLY=1
    shift
fi
mkdir -p "$S"
S="$(cd "$S" && pwd)"
case "$S/" in
"$REPO"/*) echo "whole_api.sh: pick a scratch directory outside the repository" >&2; exit 2 ;;
esac
[ -x /usr/bin/time ] || { echo "whole_api.sh: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
TARGET="$S/target"
TABLE="$S/table.tsv"
printf 'crate\toperations\tmodels\tfiles\tlines\twall_s\trustc_cpu_s\tpeak_rss_mib\n' > "$TABLE"

cargo build --quiet --release -p xtask --manifest-path "$REPO/Cargo.toml"
XTASK="$REPO/target/release/xtask"

# build_row LABEL DIR OPERATIONS MODELS: a timed non-incremental debug build of DIR's crate.
build_row() {
    local label="$1" dir="$2" operations="$3" models="$4"
    local files lines timing
    files=$(find "$dir" -name '*.rs' -not -path '*/target/*' | wc -l | tr -d ' ')
    lines=$(find "$dir" -name '*.rs' -not -path '*/target/*' -print0 | xargs -0 cat | wc -l | tr -d ' ')
    if ! timing=$(cd "$dir" && CARGO_TARGET_DIR="$TARGET" CARGO_INCREMENTAL=0 \
        /usr/bin/time -f 'TIMING %e %U %S %M' cargo build --quiet --lib 2>&1 | grep '^TIMING'); then
        printf '%s\t%s\t%s\t%s\t%s\tbuild failed\t\t\n' "$label" "$operations" "$models" "$files" "$lines" | tee -a "$TABLE"
        return
    fi
    read -r _ wall user sys rss <<< "$timing"
    awk -v l="$label" -v o="$operations" -v m="$models" -v f="$files" -v n="$lines" \
        -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" \
        'BEGIN { printf "%s\t%s\t%s\t%s\t%s\t%.1f\t%.1f\t%.0f\n", l, o, m, f, n, w, u + s, r / 1024 }' | tee -a "$TABLE"
}

# generate LABEL OUT [--tag T]: imports and generates; sets OPERATIONS and MODELS.
generate() {
    local label="$1" out="$2"
    shift 2
    rm -rf "$out"
    local log
    log=$("$XTASK" import-openapi "$DOC" "${OVERLAY_ARGS[@]}" "$@" --out "$out/spec" --generate "$out/crate" 2>&1)
    OPERATIONS=$(sed -n 's/^imported \([0-9]*\) operations\{0,1\} and \([0-9]*\) models\{0,1\}.*/\1/p' <<< "$log")
    MODELS=$(sed -n 's/^imported \([0-9]*\) operations\{0,1\} and \([0-9]*\) models\{0,1\}.*/\2/p' <<< "$log")
    printf '[workspace]\n' >> "$out/crate/Cargo.toml"
    cp "$REPO/Cargo.lock" "$out/crate/Cargo.lock"
}

# The dependencies, once, untimed: through the whole-API crate.
generate whole "$S/whole"
(cd "$S/whole/crate" && CARGO_TARGET_DIR="$TARGET" cargo build --quiet --lib)
rm -rf "$TARGET/debug/.fingerprint/okta-apps-"* "$TARGET/debug/deps/libokta_apps-"* "$TARGET/debug/deps/okta_apps-"*

if [ "$WHOLE_ONLY" = 1 ]; then
    TAGS=()
elif [ "$#" -gt 0 ]; then
    TAGS=("$@")
else
    mapfile -t TAGS < <(python3 - "$DOC" <<'PY'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
tags = set()
for item in doc["paths"].values():
    for method in ("get", "post", "put", "patch", "delete"):
        tags.update(item.get(method, {}).get("tags", []))
print("\n".join(sorted(tags)))
PY
)
fi
for tag in "${TAGS[@]+"${TAGS[@]}"}"; do
    generate "$tag" "$S/tags/$tag" --tag "$tag"
    build_row "tag $tag" "$S/tags/$tag/crate" "$OPERATIONS" "$MODELS"
done

generate whole "$S/whole"
build_row "whole API (ours)" "$S/whole/crate" "$OPERATIONS" "$MODELS"

# okta 0.7.1, its own dependencies built first, then the crate alone.
PEER="$S/okta-0.7.1"
if [ ! -d "$PEER" ]; then
    mkdir -p "$PEER/src"
    printf '[package]\nname = "okta-peer"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\nokta = "=0.7.1"\n\n[workspace]\n' > "$PEER/Cargo.toml"
    : > "$PEER/src/lib.rs"
fi
(cd "$PEER" && CARGO_TARGET_DIR="$S/target-okta" cargo build --quiet)
OKTA_SRC=$(find "$HOME/.cargo/registry/src" -maxdepth 1 -mindepth 1 -type d | head -n1)/okta-0.7.1
(cd "$PEER" && CARGO_TARGET_DIR="$S/target-okta" cargo clean --quiet -p okta)
okta_lines=$(find "$OKTA_SRC" -name '*.rs' -print0 | xargs -0 cat | wc -l | tr -d ' ')
okta_files=$(find "$OKTA_SRC" -name '*.rs' | wc -l | tr -d ' ')
timing=$(cd "$PEER" && CARGO_TARGET_DIR="$S/target-okta" CARGO_INCREMENTAL=0 \
    /usr/bin/time -f 'TIMING %e %U %S %M' cargo build --quiet -p okta 2>&1 | grep '^TIMING')
read -r _ wall user sys rss <<< "$timing"
awk -v f="$okta_files" -v n="$okta_lines" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" \
    'BEGIN { printf "okta 0.7.1 (crates.io)\t267\t\t%s\t%s\t%.1f\t%.1f\t%.0f\n", f, n, w, u + s, r / 1024 }' | tee -a "$TABLE"

echo
column -t -s $'\t' "$TABLE"
