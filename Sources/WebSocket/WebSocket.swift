// The WebSocket layer; see docs/architecture.md.
