// Kept tiny on purpose: top-level code in Swift 6 is main-actor isolated. See Command.swift.
Command.main()
