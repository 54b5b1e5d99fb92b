# Workshop-style hook: before, nothing to prepare; after, the block's stdout must say it scaled.
set -e
echo "hook scaled $1" >> "$PLANTED_COMMANDS/hooks.log"
if [[ $1 == after ]]; then
  [[ $TEST_OUTPUT == *scaled* ]] || { echo "the deployment did not scale" >&2; exit 1; }
fi
