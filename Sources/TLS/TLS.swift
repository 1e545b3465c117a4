// The TLS layer; see docs/architecture.md.
