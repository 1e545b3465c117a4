// The Compression layer; see docs/architecture.md.
