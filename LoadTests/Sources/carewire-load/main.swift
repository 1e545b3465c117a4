// Kept tiny: top-level code is main-actor isolated in Swift 6.
print("carewire-load")
