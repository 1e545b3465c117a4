// The durable store; see docs/architecture.md.
