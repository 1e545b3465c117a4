// The Server layer; see docs/architecture.md.
