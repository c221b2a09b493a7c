#!/bin/sh
# make eval: replay the real page histories of ../shared/corpus through tiacheck's
# extraction and comparison (no per-site rules) and print the confusion table.
# Needs the corpus; on a machine without it, says so and succeeds.
set -eu
cd "$(dirname "$0")/.."
corpus=${CORPUS:-../shared/corpus}
if [ ! -d "$corpus" ]; then
	echo "tiacheck: eval: no corpus at '$corpus' (set CORPUS=DIR); nothing to evaluate"
	exit 0
fi
make --no-print-directory -s build/default/tests/eval_corpus
exec build/default/tests/eval_corpus "$corpus"
