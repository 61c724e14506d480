#!/bin/sh
# The repo's C follows one style, the kernel's: clang-format with the
# .clang-format of the kernel tree under test (TAP_KSRC, which make check
# sets) finds nothing to change.
cd "$(dirname "$0")/../.." || exit 2
style=${TAP_KSRC:-build/linux-source-7.3}/.clang-format
echo "TAP version 13"
# The code is laid out by Debian 12's clang-format 14; other releases
# (Debian 13 has 19) lay the same code out differently.
version=$(clang-format --version | sed -n 's/.*version \([0-9]*\)\..*/\1/p')
if [ "$version" != 14 ]; then
	echo "1..0 # SKIP clang-format ${version:-?} here; the code is formatted with 14 (Debian 12)"
	exit 0
fi
set -- console/*.c console/*.h tap/*.c tap/*.h tests/*/*.c tests/*/*.h
echo "1..$#"
# One clang-format for every file (its start-up is most of the time):
# it names each file it would change, "FILE:LINE:COL: error: ...".
report=$(clang-format --style="file:$style" --dry-run -Werror "$@" 2>&1)
status=$?
n=0 failed=0
for f; do
	n=$((n + 1))
	if printf '%s\n' "$report" | cut -d: -f1 | grep -qxF "$f"; then
		echo "# run: clang-format -i --style=file:$style $f"
		echo "not ok $n - $f is formatted"
		failed=1
	elif [ $status != 0 ] && [ $failed = 0 ] && [ $n = $# ]; then
		printf '%s\n' "$report" | sed 's/^/# /'
		echo "not ok $n - $f is formatted (clang-format failed naming no file)"
		failed=1
	else
		echo "ok $n - $f is formatted"
	fi
done
exit $failed
