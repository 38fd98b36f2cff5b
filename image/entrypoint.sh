#!/bin/sh
# The image's entrypoint. Airbyte-style platforms call a source image with the protocol command as
# its arguments: spec | check --config F | discover --config F | read --config F --catalog F [--state F].
# Every other calabi command (sync, plugins, plan…) works too. stdout carries only protocol messages.
set -eu
home="${CALABI_HOME:-$(cd "$(dirname "$0")" && pwd)}"
# --max-semi-space-size=8: the flag of bin/calabi.js's shebang (see its heap.js).
exec node --max-semi-space-size=8 "$home/node_modules/@calabi/cli/bin/calabi.js" "$@"
