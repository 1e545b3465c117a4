// The care domain; see docs/architecture.md.
