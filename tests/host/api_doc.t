#!/bin/sh
# console/API.md is what `make api-doc` makes of console/lua/help.lua, the
# source help() prints from: the reference can't drift from the console.
cd "$(dirname "$0")/../.." || exit 2
echo "TAP version 13"
echo "1..1"
if lua5.4 -e 'package.path = "console/lua/?.lua"' \
	-e 'io.write(require("help").markdown())' | cmp -s - console/API.md; then
	echo "ok 1 - console/API.md matches console/lua/help.lua"
else
	echo "# run: make api-doc"
	echo "not ok 1 - console/API.md matches console/lua/help.lua"
	exit 1
fi
