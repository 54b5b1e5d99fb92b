# A workshop-style hook: before: nothing to prepare; after: the step's stdout must say it scaled.
set -e
echo "hook $1" >> "$STANDIN_LOG"
if [[ $1 == after ]]; then
  echo "checking: $TEST_OUTPUT"
  [[ $TEST_OUTPUT == *scaled* ]] || { echo "the deployment did not scale" >&2; exit 1; }
fi
