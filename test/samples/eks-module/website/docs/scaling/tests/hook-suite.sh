echo "suite $1" >> "$PLANTED_COMMANDS/hooks.log"
