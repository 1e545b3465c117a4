// The EventLoop layer; see docs/architecture.md.
