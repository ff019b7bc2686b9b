#!/usr/bin/env bash
# The steps of the hmopt GitHub Action (action.yml at the repository root runs
# `action.sh key|install|check`). Kept in this file so that cli/tests/integrations/action.rs runs
# the very same code locally, with stand-in GITHUB_* files.
#
# Inputs arrive as environment variables (HMOPT_*), set by action.yml from the action's inputs.
set -euo pipefail

# The hmopt sources the action was checked out with (the action's own ref).
source_dir="${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set: run this from action.yml}"

fail() {
  echo "::error title=hmopt action::$1"
  exit 2
}

sha256() {
  if command -v sha256sum >/dev/null; then sha256sum; else shasum -a 256; fi
}

# Writes `key` (the cache key) and `dir` (where hmopt is installed) to GITHUB_OUTPUT. The key
# names the crates.io version, or the action's ref and a hash of the sources it builds from.
key() {
  local what
  if [[ -n "${HMOPT_VERSION:-}" ]]; then
    what="crates-io-${HMOPT_VERSION}"
  else
    local hash
    hash=$(cd "$source_dir" && find Cargo.toml Cargo.lock core/Cargo.toml core/src core/docs cli/Cargo.toml cli/src \
      -type f -print0 | LC_ALL=C sort -z | xargs -0 cat | sha256 | cut -c1-16)
    what="${GITHUB_ACTION_REF:-local}-${hash}"
  fi
  what=${what//[^A-Za-z0-9._-]/-}
  local key="hmopt-${RUNNER_OS:-unknown}-${RUNNER_ARCH:-unknown}-${what}"
  echo "key=${key}" >>"$GITHUB_OUTPUT"
  echo "dir=${RUNNER_TOOL_CACHE:-$HOME/.cache}/hmopt-action/${key}" >>"$GITHUB_OUTPUT"
}

# Installs hmopt into HMOPT_INSTALL_DIR unless the cache restored it there, and puts it on PATH.
install() {
  local dir="${HMOPT_INSTALL_DIR:?HMOPT_INSTALL_DIR is not set}"
  if [[ -x "$dir/bin/hmopt" ]] && "$dir/bin/hmopt" --version >/dev/null 2>&1; then
    echo "hmopt restored from the cache: $("$dir/bin/hmopt" --version)"
  else
    command -v cargo >/dev/null ||
      fail "cargo is needed to build hmopt: add a Rust toolchain step (e.g. dtolnay/rust-toolchain@stable) before this action"
    if [[ -n "${HMOPT_VERSION:-}" ]]; then
      cargo install hmopt --version "$HMOPT_VERSION" --locked --root "$dir"
    else
      cargo install --path "$source_dir/cli" --locked --root "$dir"
    fi
  fi
  echo "$dir/bin" >>"$GITHUB_PATH"
}

# Runs `hmopt check`: annotations in the log (--format github), the Markdown report in the job
# summary, SARIF when asked, the counts as outputs. Exits with hmopt's status.
check() {
  local hmopt="${HMOPT_BIN:-hmopt}"
  local args=(check --color never)
  [[ -z "${HMOPT_CONFIG:-}" ]] || args+=(--config "$HMOPT_CONFIG")
  [[ -z "${HMOPT_BASELINE:-}" ]] || args+=(--baseline "$HMOPT_BASELINE")
  case "${HMOPT_STRICT:-false}" in
    true) args+=(--strict) ;;
    false) ;;
    *) fail "input \`strict\` must be true or false, not \`${HMOPT_STRICT}\`" ;;
  esac
  case "${HMOPT_SARIF:-false}" in
    true | false) ;;
    *) fail "input \`sarif\` must be true or false, not \`${HMOPT_SARIF}\`" ;;
  esac
  # One path per line, so that paths may contain spaces.
  local paths=() line
  while IFS= read -r line; do
    line="${line#"${line%%[![:space:]]*}"}"
    line="${line%"${line##*[![:space:]]}"}"
    [[ -z "$line" ]] || paths+=("$line")
  done <<<"${HMOPT_PATHS:-.}"
  [[ ${#paths[@]} -gt 0 ]] || paths=(.)

  echo "$("$hmopt" --version): hmopt ${args[*]} ${paths[*]}"
  local status=0
  "$hmopt" "${args[@]}" --format github -- "${paths[@]}" || status=$?
  # The same run again in the other formats; its errors were reported above.
  "$hmopt" "${args[@]}" --format markdown -- "${paths[@]}" >>"$GITHUB_STEP_SUMMARY" 2>/dev/null || true
  local json
  json=$("$hmopt" "${args[@]}" --format json -- "${paths[@]}" 2>/dev/null) || true
  local field
  for field in errors warnings; do
    # The summary object comes last in the JSON report, one field per line.
    echo "${field}=$(printf '%s\n' "$json" | sed -n "/\"summary\": {/,/}/s/^ *\"${field}\": \([0-9][0-9]*\).*/\1/p")" >>"$GITHUB_OUTPUT"
  done
  if [[ "${HMOPT_SARIF:-false}" == true ]]; then
    local sarif_file="${HMOPT_SARIF_FILE:-hmopt.sarif}"
    "$hmopt" "${args[@]}" --format sarif -- "${paths[@]}" >"$sarif_file" 2>/dev/null || true
    echo "sarif-file=${sarif_file}" >>"$GITHUB_OUTPUT"
  fi
  echo "exit-code=${status}" >>"$GITHUB_OUTPUT"
  return "$status"
}

case "${1:-}" in
  key | install | check) "$1" ;;
  *) fail "usage: action.sh key|install|check" ;;
esac
