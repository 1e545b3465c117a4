/// What the main thread tells a carewire load thread; the phases that span threads start here.
enum CareCommand: Sendable {
    /// Every thread is set up: the run's common window (the storm drops its patients first).
    case start(RunTiming)
    /// storm: every patient comes back now (the instant the time to be back runs from).
    case reconnect(at: UInt64)
    /// Close every connection and submit the stats; a reason marks the run incomplete.
    case finish(incomplete: String?)
}
