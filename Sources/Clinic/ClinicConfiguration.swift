import Care

/// How the care service runs: where the store lives, how tokens are checked, where new visits
/// queue, and the per-user limits every connection is held to.
public struct ClinicConfiguration: Sendable {
    /// The SQLite file (created and migrated on first start).
    public var databasePath: String
    /// The HS256 secret that signs access tokens.
    public var tokenSecret: [UInt8]
    /// The bearer key of the triage service (`POST /triage/priority`); nil disables the endpoint.
    public var triageKey: String?
    /// Demo mode: the demo directory, `/demo/*` endpoints, demo patients may pick a priority.
    public var demo: DemoClinic?
    /// Where the staff directory comes from (read once at start); nil: the demo clinic's staff
    /// in demo mode, else an empty directory.
    public var staffDirectory: (any StaffDirectorySource)?
    /// Where a drop-in visit queues. Triage routing would choose per visit; v1 has one intake.
    public var intake: Intake
    public var limits = SessionLimits()
    /// Added to the wall clock wherever the care service reads it (tests and drills only: it
    /// lets an end-to-end test see an async phase run out without waiting days).
    public var clockOffsetMilliseconds: Int64 = 0

    public struct Intake: Sendable, Hashable {
        public var careProvider: CareProviderID
        public var resource: Resource
        /// Before triage has spoken (and for non-demo patients, who may not choose).
        public var defaultPriority: Priority

        public init(careProvider: CareProviderID, resource: Resource, defaultPriority: Priority) {
            self.careProvider = careProvider
            self.resource = resource
            self.defaultPriority = defaultPriority
        }
    }

    public init(databasePath: String, tokenSecret: [UInt8], intake: Intake) {
        self.databasePath = databasePath
        self.tokenSecret = tokenSecret
        self.intake = intake
    }
}

/// What one user (a token subject) may do, per connection and in all. Every limit answers with
/// a documented error or close code, never a silent drop of anything that is acknowledged.
public struct SessionLimits: Sendable, Hashable {
    /// Open connections per subject across all devices; one more is closed with 1008.
    public var connectionsPerUser = 16
    /// Commands per connection: a token bucket (sustained rate and burst); beyond it `rate_limited`.
    public var commandsPerSecond = 20.0
    public var commandBurst = 60.0
    /// Typing indicators per connection and visit: at most one per this interval (others are dropped).
    public var typingIntervalMilliseconds: Int64 = 1_000
    /// Visits one connection may have open at once (`rate_limited` beyond).
    public var openVisitsPerConnection = 256
    public var queuesPerConnection = 32
    /// Visits one patient may have waiting, accepted or in progress at once (the async phase
    /// does not count: a patient may seek care again while writing in an ended visit).
    public var openVisitsPerPatient = 2
    /// New visits one patient may create within an hour (`rate_limited` beyond).
    public var visitsPerPatientPerHour = 10
    /// Time to send `hello` when the URL carried no token; then 4001.
    public var helloTimeoutMilliseconds: Int64 = 10_000

    public init() {}
}
