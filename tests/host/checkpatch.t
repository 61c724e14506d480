#!/bin/sh
# Every patch of the series under test (TAP_SERIES, e.g. kernel/7.3; make
# check sets it) is clean for the kernel's own scripts/checkpatch.pl
# --strict, run from the unpacked tree (TAP_KSRC): no ERROR, WARNING or
# CHECK.  A clean verdict is kept in build/checkpatch/ under a hash of the
# patch and of checkpatch and its data files, so that a patch is checked
# again only when it or the checkpatch under test changed (a whole run
# takes half a minute); a patch with a report is checked every time.
cd "$(dirname "$0")/../.." || exit 2
root=$PWD
series=${TAP_SERIES:-kernel/7.3}
ksrc=${TAP_KSRC:-build/linux-source-7.3}
echo "TAP version 13"
patches=$(sed -n 's/^\([^#].*\)$/\1/p' "$series/series")
set -- $patches
if [ ! -x "$ksrc/scripts/checkpatch.pl" ]; then
	echo "1..0 # SKIP no $ksrc/scripts/checkpatch.pl (make unpacks it)"
	exit 0
fi
echo "1..$#"
n=0 failed=0
cd "$ksrc" || exit 2
verdicts=$root/build/checkpatch
mkdir -p "$verdicts" || exit 2
# What a verdict depends on besides the patch: this test, checkpatch and
# its data, and python3-ply (without it the SPDX check is skipped).
checker=$( { cat "$root/tests/host/checkpatch.t" scripts/checkpatch.pl scripts/spelling.txt \
	scripts/const_structs.checkpatch scripts/spdxcheck.py 2>/dev/null
	python3 -c 'import ply' 2>/dev/null && echo ply; } | sha256sum)
for p; do
	n=$((n + 1))
	clean=$verdicts/$(printf '%s' "$checker" | cat - "$root/$series/$p" | sha256sum | cut -c1-64)
	# checkpatch's SPDX check needs python3-ply; without it, it says so
	# on stderr (not a finding) and checks the rest.
	report= status=0
	if [ ! -e "$clean" ]; then
		# UNKNOWN_COMMIT_ID: a Fixes: tag's commit is looked up in the
		# current directory's git history, and Debian's tree has none
		# (the um fixes name mainline commits; UML.md says how they
		# were found).  The tag's format is still checked.
		output=$(./scripts/checkpatch.pl --strict -q --ignore UNKNOWN_COMMIT_ID \
			"$root/$series/$p" 2>&1)
		status=$?
		report=$(printf '%s\n' "$output" | grep -E '^(ERROR|WARNING|CHECK):')
		# A checkpatch that failed without a finding says why.
		[ $status != 0 ] && [ -z "$report" ] && report=$output
		[ $status = 0 ] && [ -z "$report" ] && : > "$clean"
	fi
	if [ $status = 0 ] && [ -z "$report" ]; then
		echo "ok $n - $series/$p is checkpatch --strict clean"
	else
		printf '%s\n' "$report" | sed 's/^/# /'
		echo "not ok $n - $series/$p is checkpatch --strict clean"
		failed=1
	fi
done
exit $failed
