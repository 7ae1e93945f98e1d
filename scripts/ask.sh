#!/bin/sh
# `npm run ask`, after scripts/build.mjs: starts the CLI from its start-up snapshot when the build
# could make one for this node (the blob exists), otherwise the plain way. Same arguments, same output.
dist="$(dirname "$0")/../dist"
if [ -f "$dist/cli.blob" ]; then
  exec node --snapshot-blob "$dist/cli.blob" "$dist/cli.mjs" "$@"
fi
exec node "$dist/cli.mjs" "$@"
