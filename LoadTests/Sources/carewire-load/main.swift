// carewire-load: the fan-out latency benchmark (issue 4). Everything lives in LoadGenerator;
// top-level code is main-actor isolated in Swift 6, so it only hands over the arguments.
import LoadGenerator

LoadCommand.exit(LoadCommand.main(Array(CommandLine.arguments.dropFirst())))
