// The care service; see docs/architecture.md.
