#!/usr/bin/env bash
# Installs a released handbook for the GitHub Action (action.yml), and for anyone who wants
# one command:
#
#   export HANDBOOK_REPOSITORY=https://github.com/OWNER/handbook   # where releases are
#   VERSION=0.1.0 DEST=$HOME/.handbook action/install.sh
#
# It downloads the release archive for this system, checks it against the SHA-256 published
# beside it, and unpacks the binary into DEST/bin. A checksum that does not match stops with
# an error (never a fall-back). Only when the release has no archive for this system does it
# build from crates.io with `cargo install --locked handbook@VERSION`.
#
# HANDBOOK_DOWNLOAD_BASE replaces the releases address (the tests serve archives from
# 127.0.0.1); HANDBOOK_TARGET replaces the detected target.
set -euo pipefail

: "${VERSION:?set VERSION to the handbook version to install, such as 0.1.0}"
: "${DEST:?set DEST to the folder to install into}"
# The action passes its own repository (github.action_repository), so a fork's action
# installs the fork's releases; no address is written here.
if [ -z "${HANDBOOK_DOWNLOAD_BASE:-}" ]; then
  : "${HANDBOOK_REPOSITORY:?set HANDBOOK_REPOSITORY to the address of the handbook repository}"
fi
BASE="${HANDBOOK_DOWNLOAD_BASE:-${HANDBOOK_REPOSITORY:-}/releases/download}"
VERSION="${VERSION#v}"

say() { printf 'handbook install: %s\n' "$*" >&2; }
fail() { printf '::error title=handbook install::%s\n' "$*" >&2; exit 1; }

if ! [[ "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+([.+-][0-9A-Za-z.+-]*)?$ ]]; then
  fail "\"$VERSION\" is not a version number such as 0.1.0"
fi

detect_target() {
  local os arch
  os="$(uname -s)"
  arch="$(uname -m)"
  case "$arch" in
    x86_64 | amd64) arch=x86_64 ;;
    arm64 | aarch64) arch=aarch64 ;;
    *) return 1 ;;
  esac
  case "$os" in
    Linux) echo "$arch-unknown-linux-musl" ;;
    Darwin) echo "$arch-apple-darwin" ;;
    MINGW* | MSYS* | CYGWIN* | Windows_NT)
      [ "$arch" = x86_64 ] && echo "x86_64-pc-windows-msvc" || return 1 ;;
    *) return 1 ;;
  esac
}

sha256_of() {
  if command -v sha256sum >/dev/null; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

fetch() {
  # curl's exit 22 is an HTTP error (404: no such archive); anything else is the network.
  curl --fail --silent --show-error --location --retry 3 --output "$2" "$1"
}

from_source() {
  say "$1; building handbook $VERSION from crates.io instead (a few minutes)"
  command -v cargo >/dev/null || fail "no release archive fits this system and cargo is not installed: install Rust (https://rustup.rs) or use a supported system"
  cargo install --locked --root "$DEST" "handbook@$VERSION"
}

mkdir -p "$DEST/bin"
exe=handbook
target="${HANDBOOK_TARGET:-$(detect_target || true)}"
if [ -z "$target" ]; then
  from_source "no release archive is made for $(uname -s) on $(uname -m)"
else
  case "$target" in *windows*) ext=zip; exe=handbook.exe ;; *) ext=tar.gz ;; esac
  name="handbook-$VERSION-$target"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  url="$BASE/v$VERSION/$name.$ext"
  status=0
  fetch "$url" "$work/$name.$ext" 2>"$work/error" || status=$?
  if [ "$status" -eq 22 ]; then
    from_source "the release v$VERSION has no archive for $target ($url)"
  elif [ "$status" -ne 0 ]; then
    fail "could not download $url: $(cat "$work/error")"
  else
    fetch "$url.sha256" "$work/sum" 2>"$work/error" \
      || fail "the release has no checksum beside the archive ($url.sha256); refusing to install an archive that cannot be checked"
    expected="$(tr -d '\r' < "$work/sum" | cut -d' ' -f1)"
    actual="$(sha256_of "$work/$name.$ext")"
    if [ "$expected" != "$actual" ]; then
      fail "the SHA-256 of $name.$ext is $actual, but the release says $expected: the download is damaged or not the released file. Nothing was installed."
    fi
    case "$ext" in
      zip) unzip -q "$work/$name.$ext" -d "$work" ;;
      *) tar -xzf "$work/$name.$ext" -C "$work" ;;
    esac
    [ -f "$work/$name/$exe" ] || fail "the archive has no $name/$exe"
    install -m 755 "$work/$name/$exe" "$DEST/bin/$exe"
    say "installed handbook $VERSION for $target (SHA-256 $actual)"
  fi
fi
"$DEST/bin/$exe" --version >/dev/null || fail "the installed handbook does not run on this system"
if [ -n "${GITHUB_PATH:-}" ]; then
  echo "$DEST/bin" >> "$GITHUB_PATH"
fi
