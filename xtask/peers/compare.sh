#!/usr/bin/env bash
# Side by side: okta-apps (generated/) against the two public Rust generators, progenitor
# (cargo-progenitor, crates.io) and openapi-generator (`rust` generator, PyPI wheel), all from
# the same reference OpenAPI subset. Not run by CI.
#
# usage: xtask/peers/compare.sh [SCRATCH_DIR]
#
#   SCRATCH_DIR      where everything goes (default $PEERS_DIR, else /tmp/okta-peers); must be
#                    outside the repository. Tools already installed there are reused.
#   PEERS_SPEC       the OpenAPI document (default: spec/reference/okta-applications-openapi.yaml in this repository)
#   PEERS_RUNS       timed decode runs per client and page (default 31); the median is reported
#   PEERS_ITERS      decodes per timed run (default 10)
#
# Steps: 1. install cargo-progenitor (cargo install --locked, into SCRATCH/cargo-root) and
# openapi-generator-cli (pip, into SCRATCH/venv; the wheel ships the jar, nothing is fetched
# from Maven at run time); 2. generate each peer's crate, patching the spec only where a
# generator cannot digest it (progenitor-*.patch), timing each generation, and our own
# `xtask import-openapi --generate` from the same document; 3. count the lines of each crate
# (ours: generated/) and time a non-incremental debug build of each crate alone, its
# dependencies already built; 4. decode the same 200-app listApplications page (gen_page.py)
# into each client's Vec<Application> in one release harness (harness/main.rs); 5. print the
# table. Everything is also left in SCRATCH: logs/, results.tsv, table.txt.
set -euo pipefail

PEERS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$PEERS/../.." && pwd)"
S="${1:-${PEERS_DIR:-/tmp/okta-peers}}"
SPEC="${PEERS_SPEC:-$REPO/spec/reference/okta-applications-openapi.yaml}"
RUNS="${PEERS_RUNS:-31}"
ITERS="${PEERS_ITERS:-10}"

mkdir -p "$S"
S="$(cd "$S" && pwd)"
case "$S/" in
"$REPO"/*) echo "compare.sh: the scratch directory $S is inside the repository $REPO; pick one outside" >&2; exit 2 ;;
esac
[ -r "$SPEC" ] || { echo "compare.sh: cannot read $SPEC" >&2; exit 2; }
SPEC="$(cd "$(dirname "$SPEC")" && pwd)/$(basename "$SPEC")"

LOGS="$S/logs"
mkdir -p "$LOGS"
RESULTS="$S/results.tsv"
: > "$RESULTS"
NOTES="$S/notes.txt"
: > "$NOTES"

say() { printf '\n== %s\n' "$*" >&2; }
note() { printf '%s\n' "$*" | tee -a "$NOTES" >&2; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
# record PEER KEY VALUE
record() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$RESULTS"; }
rs_lines() { find "$1" -name '*.rs' -not -path '*/target/*' -print0 | xargs -0 cat | wc -l | tr -d ' '; }

note "scratch: $S"
note "spec: $SPEC ($(grep -c '^      operationId:' "$SPEC") operations)"
note "rustc: $(rustc --version); java: $(java -version 2>&1 | head -n1)"
note "cores: $(nproc); load at start: $(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------------------------------------
say "1. tools"
PROGENITOR_BIN="$S/cargo-root/bin/cargo-progenitor"
if [ -x "$PROGENITOR_BIN" ]; then
    note "cargo-progenitor: already installed in $S/cargo-root, reused"
else
    t0=$(now)
    if CARGO_INSTALL_ROOT="$S/cargo-root" cargo install cargo-progenitor --locked > "$LOGS/install-progenitor.log" 2>&1; then
        note "cargo-progenitor: installed in $(secs "$t0" "$(now)") s (cargo install cargo-progenitor --locked)"
    else
        echo "cargo install cargo-progenitor failed; see $LOGS/install-progenitor.log" >&2
        tail -n 20 "$LOGS/install-progenitor.log" >&2
    fi
fi
if [ -x "$PROGENITOR_BIN" ]; then
    note "cargo-progenitor version: $(sed -n 's/^"cargo-progenitor \([^ ]*\) .*/\1/p' "$S/cargo-root/.crates.toml")"
fi

OGEN_CLI="$S/venv/bin/openapi-generator-cli"
if [ -x "$OGEN_CLI" ]; then
    note "openapi-generator-cli: already installed in $S/venv, reused"
else
    t0=$(now)
    python3 -m venv "$S/venv"
    if "$S/venv/bin/pip" install --disable-pip-version-check openapi-generator-cli > "$LOGS/install-openapi-generator.log" 2>&1; then
        note "openapi-generator-cli: installed in $(secs "$t0" "$(now)") s (pip install openapi-generator-cli)"
    else
        echo "pip install openapi-generator-cli failed; see $LOGS/install-openapi-generator.log" >&2
        tail -n 20 "$LOGS/install-openapi-generator.log" >&2
    fi
fi
if [ -x "$OGEN_CLI" ]; then
    JAR="$(find "$S/venv" -name openapi-generator.jar | head -n1)"
    if [ -n "$JAR" ]; then
        note "openapi-generator-cli $("$S/venv/bin/pip" show openapi-generator-cli 2>/dev/null | sed -n 's/^Version: //p'): the wheel ships the jar ($JAR, $(du -h "$JAR" | cut -f1)); it runs it with the java on PATH, no Maven download"
        note "openapi-generator version: $("$OGEN_CLI" version 2>/dev/null | tail -n1)"
    else
        note "openapi-generator-cli: no openapi-generator.jar in the wheel; it would need Maven Central, which is not reachable"
    fi
fi

# ---------------------------------------------------------------------------------------------
say "page"
python3 "$PEERS/gen_page.py" "$S" | tee -a "$NOTES" >&2

# ---------------------------------------------------------------------------------------------
say "2. generation"

# ours: the same document through `xtask import-openapi --generate` (release build of xtask first)
OURS_TARGET="$S/target-ours"
if (cd "$REPO" && CARGO_TARGET_DIR="$OURS_TARGET" cargo build --release --locked -p xtask) > "$LOGS/build-xtask.log" 2>&1; then
    rm -rf "$S/ours"
    mkdir -p "$S/ours"
    t0=$(now)
    if "$OURS_TARGET/release/xtask" import-openapi "$SPEC" --out "$S/ours/spec" --generate "$S/ours/generated" > "$LOGS/gen-ours.log" 2>&1; then
        t1=$(now)
        record ours gen_time "$(secs "$t0" "$t1")"
        note "ours: $(tr '\n' ' ' < "$LOGS/gen-ours.log")"
        note "ours: import-openapi output is $(rs_lines "$S/ours/generated") lines of Rust in $S/ours/generated (the table counts generated/, from spec/*.yaml)"
    else
        record ours gen_time "failed"
        note "ours: import-openapi failed: $(tail -n 5 "$LOGS/gen-ours.log" | tr '\n' ' ')"
    fi
    t0=$(now)
    if "$OURS_TARGET/release/xtask" codegen --check > "$LOGS/codegen-check.log" 2>&1; then
        note "ours: codegen --check (spec/*.yaml -> generated/ in memory, compared): $(secs "$t0" "$(now)") s, $(tail -n1 "$LOGS/codegen-check.log")"
    else
        note "ours: codegen --check took $(secs "$t0" "$(now)") s and reports generated/ differs from spec/ (others may be editing it): $(tail -n1 "$LOGS/codegen-check.log")"
    fi
else
    record ours gen_time "xtask build failed"
    note "ours: cargo build -p xtask failed: $(tail -n 5 "$LOGS/build-xtask.log" | tr '\n' ' ')"
fi
record ours ops "$(find "$REPO/generated/src/operations" -name '*.rs' ! -name mod.rs | wc -l | tr -d ' ')"
record ours lines "$(rs_lines "$REPO/generated")"

# progenitor: the document as it is, then after each patch in turn, to record why each is needed;
# the crate is generated (and timed) from the document with both patches.
mkdir -p "$S/progenitor"
PROG_CRATE="$S/progenitor/okta-progenitor"
if [ -x "$PROGENITOR_BIN" ]; then
    cp "$SPEC" "$S/progenitor/stage0.yaml"
    patch -s -o "$S/progenitor/stage1.yaml" "$S/progenitor/stage0.yaml" < "$PEERS/progenitor-1-publish-csr.patch"
    patch -s -o "$S/progenitor/openapi.yaml" "$S/progenitor/stage1.yaml" < "$PEERS/progenitor-2-upload-logo.patch"
    for stage in stage0 stage1; do
        rm -rf "$S/progenitor/$stage-crate"
        if "$PROGENITOR_BIN" progenitor -i "$S/progenitor/$stage.yaml" -o "$S/progenitor/$stage-crate" -n okta-progenitor -v 0.1.0 \
            > "$LOGS/gen-progenitor-$stage.log" 2>&1; then
            note "progenitor, $stage (patches before it applied): generates; a patch may no longer be needed"
        else
            note "progenitor, $stage ($([ $stage = stage0 ] && echo 'unpatched' || echo 'after patch 1')): $(grep -m1 -E 'not yet implemented|gen fail' "$LOGS/gen-progenitor-$stage.log" || tail -n1 "$LOGS/gen-progenitor-$stage.log")"
        fi
        rm -rf "$S/progenitor/$stage-crate"
    done
    rm -rf "$PROG_CRATE"
    t0=$(now)
    if "$PROGENITOR_BIN" progenitor -i "$S/progenitor/openapi.yaml" -o "$PROG_CRATE" -n okta-progenitor -v 0.1.0 > "$LOGS/gen-progenitor.log" 2>&1; then
        t1=$(now)
        record progenitor gen_time "$(secs "$t0" "$t1")"
        record progenitor ops "$(grep -c 'pub async fn' "$PROG_CRATE/src/lib.rs")"
        record progenitor lines "$(rs_lines "$PROG_CRATE")"
        fields="$(awk '/pub struct Application \{/ {on = 1; next} on && /^    \}/ {exit} on && /pub [a-z_]+:/ {sub(/:.*/, ""); print $2}' "$PROG_CRATE/src/lib.rs" | tr '\n' ' ')"
        note "progenitor: types::Application is one struct (the discriminator is not used), fields: ${fields}- so name, settings and credentials of every app are skipped when decoding"
        note "progenitor: generated from the document with xtask/peers/progenitor-1-publish-csr.patch (publishCsrFromApplication: 3 binary media types -> application/octet-stream) and progenitor-2-upload-logo.patch (uploadApplicationLogo, multipart/form-data, removed)"
    else
        record progenitor gen_time "failed"
        note "progenitor: generation failed on the patched document: $(grep -m3 -E 'panicked|implemented|fail|Error' "$LOGS/gen-progenitor.log" | tr '\n' ' ')"
    fi
else
    record progenitor gen_time "not installed"
fi

# openapi-generator: the document as it is
OGEN_CRATE="$S/openapi-generator/okta-ogen"
if [ -x "$OGEN_CLI" ]; then
    rm -rf "$S/openapi-generator"
    mkdir -p "$S/openapi-generator"
    t0=$(now)
    if "$OGEN_CLI" generate -g rust -i "$SPEC" -o "$OGEN_CRATE" \
        --additional-properties=packageName=okta-ogen,supportAsync=true > "$LOGS/gen-openapi-generator.log" 2>&1; then
        t1=$(now)
        record openapi-generator gen_time "$(secs "$t0" "$t1")"
        record openapi-generator ops "$(cat "$OGEN_CRATE"/src/apis/*_api.rs | grep -c '^pub async fn')"
        record openapi-generator lines "$(rs_lines "$OGEN_CRATE")"
        note "openapi-generator: unpatched; $(grep -c ' WARN ' "$LOGS/gen-openapi-generator.log") WARN lines in its log (renamings such as $(grep -m1 -o 'ApplicationJson cannot be used as a model name. Renamed to [A-Za-z]*' "$LOGS/gen-openapi-generator.log" || true))"
    else
        record openapi-generator gen_time "failed"
        note "openapi-generator: generation failed: $(grep -m3 -iE 'error|exception' "$LOGS/gen-openapi-generator.log" | tr '\n' ' ')"
    fi
else
    record openapi-generator gen_time "not installed"
fi

# ---------------------------------------------------------------------------------------------
say "3. debug builds (dependencies built first, then cargo clean -p and a timed non-incremental build)"
# build_time PEER DIR TARGET_DIR PACKAGE [cargo args...]
build_time() {
    local peer="$1" dir="$2" target="$3" pkg="$4"
    shift 4
    if ! (cd "$dir" && CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$target" cargo build "$@") > "$LOGS/build-$peer-deps.log" 2>&1; then
        record "$peer" build "does not build"
        note "$peer: debug build failed: $(grep -m3 -E '^error' "$LOGS/build-$peer-deps.log" | tr '\n' ' ')"
        return 1
    fi
    (cd "$dir" && CARGO_TARGET_DIR="$target" cargo clean -p "$pkg" "$@") > "$LOGS/clean-$peer.log" 2>&1
    local t0 t1
    t0=$(now)
    if ! (cd "$dir" && CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$target" cargo build "$@") > "$LOGS/build-$peer.log" 2>&1; then
        record "$peer" build "timed build failed"
        return 1
    fi
    t1=$(now)
    record "$peer" build "$(secs "$t0" "$t1")"
    note "$peer: timed build compiled $(grep -c '^ *Compiling' "$LOGS/build-$peer.log") crate(s): $(grep '^ *Compiling' "$LOGS/build-$peer.log" | awk '{print $2}' | tr '\n' ' ')"
}
BUILT=()
build_time ours "$REPO" "$OURS_TARGET" okta-apps -p okta-apps --locked && BUILT+=(ours) || true
[ -d "$PROG_CRATE" ] && build_time progenitor "$PROG_CRATE" "$S/progenitor/target" okta-progenitor && BUILT+=(progenitor) || true
[ -d "$OGEN_CRATE" ] && build_time openapi-generator "$OGEN_CRATE" "$S/openapi-generator/target" okta-ogen && BUILT+=(openapi-generator) || true

# ---------------------------------------------------------------------------------------------
say "4. decode harness (release)"
H="$S/harness"
mkdir -p "$H/src"
cp "$PEERS/harness/main.rs" "$H/src/main.rs"
{
    cat <<'EOF'
# Written by xtask/peers/compare.sh.
[package]
name = "peers-decode"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
serde = "1"
serde_json = "1"
serde_path_to_error = "0.1"
EOF
    for p in "${BUILT[@]}"; do
        case "$p" in
        ours) echo "okta-apps = { path = \"$REPO/generated\", optional = true }" ;;
        progenitor) echo "okta-progenitor = { path = \"$PROG_CRATE\", optional = true }" ;;
        openapi-generator) echo "okta-ogen = { path = \"$OGEN_CRATE\", optional = true }" ;;
        esac
    done
    echo
    echo "[features]"
    for p in "${BUILT[@]}"; do
        case "$p" in
        ours) echo 'ours = ["dep:okta-apps"]' ;;
        progenitor) echo 'progenitor = ["dep:okta-progenitor"]' ;;
        openapi-generator) echo 'openapi-generator = ["dep:okta-ogen"]' ;;
        esac
    done
} > "$H/Cargo.toml"
FEATURES="${BUILT[*]}"
if (cd "$H" && CARGO_TARGET_DIR="$H/target" cargo build --release --features "$FEATURES") > "$LOGS/build-harness.log" 2>&1; then
    "$H/target/release/peers-decode" "$RUNS" "$ITERS" page="$S/page.json" page-known="$S/page-known.json" \
        page-spec-links="$S/page-spec-links.json" \
        > "$LOGS/decode.tsv" 2> "$LOGS/decode.log" || note "harness exited with $?: $(tail -n 3 "$LOGS/decode.log" | tr '\n' ' ')"
    while IFS=$'\t' read -r tag peer page status a b c; do
        [ "$tag" = RESULT ] || continue
        case "$peer" in
        "okta-apps (ours)") key=ours ;;
        *) key="$peer" ;;
        esac
        if [ "$status" = ok ]; then
            record "$key" "decode-$page" "$a MB/s"
            record "$key" "decode-$page-detail" "$a MB/s (median $b µs per decode, $c apps)"
        else
            record "$key" "decode-$page" "error: $a"
            record "$key" "decode-$page-detail" "error: $a"
        fi
    done < "$LOGS/decode.tsv"
else
    note "decode harness failed to build: $(grep -m5 -E '^error' "$LOGS/build-harness.log" | tr '\n' ' ')"
fi

# ---------------------------------------------------------------------------------------------
say "5. table"
note "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$RESULTS" "$S" "$RUNS" "$ITERS" > "$S/table.txt" <<'EOF'
import os, sys
results, scratch, runs, iters = sys.argv[1:5]
r = {}
for line in open(results, encoding="utf-8"):
    peer, key, value = line.rstrip("\n").split("\t", 2)
    r.setdefault(peer, {})[key] = value
names = {"ours": "okta-apps (ours, generated/)", "progenitor": "progenitor", "openapi-generator": "openapi-generator (rust)"}
def secs(v):
    try:
        return f"{float(v):.2f} s"
    except (TypeError, ValueError):
        return v or "-"
head = ["peer", "generation time", "operations covered", "lines", "debug build time", "decode MB/s (or error)"]
rows = []
for p in ["ours", "progenitor", "openapi-generator"]:
    d = r.get(p, {})
    ops = d.get("ops")
    rows.append([names[p], secs(d.get("gen_time")), f"{ops}/41" if ops else "-", d.get("lines", "-"),
                 secs(d.get("build")), d.get("decode-page", "-")])
w = [max(len(x[i]) for x in rows + [head]) for i in range(len(head) - 1)]
def fmt(x):
    return " | ".join(c.ljust(w[i]) for i, c in enumerate(x[:-1])) + " | " + x[-1]
print(fmt(head))
print("-+-".join("-" * n for n in w) + "-+-" + "-" * 22)
for x in rows:
    print(fmt(x))
size = lambda name: os.path.getsize(os.path.join(scratch, name))
print()
print(f"decode: median of {runs} interleaved rounds x {iters} decodes, release build, into Vec<Application>")
pages = [("page", f"page.json, the page of the table ({size('page.json')} bytes, 200 apps, one with signOnMode MFA_AS_SERVICE)"),
         ("page-known", f"page-known.json, without the MFA_AS_SERVICE app ({size('page-known.json')} bytes, 199 apps)"),
         ("page-spec-links", f"page-spec-links.json, _links.appLinks/_links.logo as objects as the spec declares ({size('page-spec-links.json')} bytes, 200 apps)")]
for label, title in pages:
    print(f"  {title}:")
    for p in ["ours", "progenitor", "openapi-generator", "floor: IgnoredAny", "floor: serde_json::Value"]:
        d = r.get(p, {})
        if f"decode-{label}-detail" in d:
            print(f"    {names.get(p, p)}: {d[f'decode-{label}-detail']}")
EOF
{
    echo
    cat "$S/table.txt"
    echo
    echo "notes:"
    sed 's/^/  /' "$NOTES"
} | tee "$S/report.txt"
