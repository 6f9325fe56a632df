# Source this file (". scripts/node24.sh") to make sure Node >= 22.12 is first on PATH.
# The project targets Node 24 LTS; better-sqlite3 13 crashes on older Node. When the
# system Node is older, Node 24 is taken from the npm registry's `node@24` package.
_depot_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)'
}
if ! _depot_node_ok; then
  _depot_node_dir=$(npm exec --yes --package=node@24 -- sh -c 'dirname "$(readlink -f "$(command -v node)")"' 2>/dev/null | tail -n 1)
  if [ -n "$_depot_node_dir" ] && [ -x "$_depot_node_dir/node" ]; then
    export PATH="$_depot_node_dir:$PATH"
  fi
  _depot_node_ok || { echo "scripts/node24.sh: could not get Node >= 22.12" >&2; return 1 2>/dev/null || exit 1; }
fi
unset -f _depot_node_ok
