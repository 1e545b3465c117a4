// The load generator; see LoadTests/README.md.
