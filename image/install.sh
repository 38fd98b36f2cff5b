#!/bin/sh
# Installs the built CLI and its plugins into DEST the way a user's `npm install` would (packed
# tarballs, production dependencies only, one copy of @calabi/kernel), plus the entrypoint. The
# Dockerfile runs it; apps/cli/test/image.test.ts runs it too and drives DEST/entrypoint.sh.
# Usage: sh image/install.sh DEST   (run `pnpm build` first)
set -eu
dest="${1:?usage: install.sh DEST}"
root="$(cd "$(dirname "$0")/.." && pwd)"
packs="$(mktemp -d)"
trap 'rm -rf "$packs"' EXIT
for pkg in packages/kernel packages/auth-zendesk packages/zendesk-common packages/streams-support \
  packages/streams-help-center packages/streams-community packages/destination-jsonl apps/cli; do
  [ -d "$root/$pkg/dist" ] || { echo "install.sh: $pkg is not built; run pnpm build first" >&2; exit 1; }
  (cd "$root/$pkg" && pnpm pack --pack-destination "$packs" >/dev/null)
done
mkdir -p "$dest"
[ -f "$dest/package.json" ] || printf '{ "name": "calabi-image", "private": true }\n' > "$dest/package.json"
# Bounded retries, so a registry that does not answer fails the install instead of stalling it. Every
# @calabi package, peers included, is one of the tarballs: --legacy-peer-deps keeps npm from looking
# up peers in the registry (the optional @calabi/zendesk-simulator peer is not wanted in an image).
npm install --prefix "$dest" --omit=dev --no-audit --no-fund --loglevel=error --prefer-offline --legacy-peer-deps \
  --fetch-retries=4 --fetch-retry-mintimeout=2000 --fetch-retry-maxtimeout=15000 --fetch-timeout=60000 \
  "$packs"/*.tgz
cp "$root/image/entrypoint.sh" "$dest/entrypoint.sh"
chmod 755 "$dest/entrypoint.sh"
