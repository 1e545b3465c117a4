// The Posix layer; see docs/architecture.md.
