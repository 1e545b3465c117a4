/// The `visits` row: the latest state of a visit, written in the same transaction as its events,
/// so start-up and queue rebuilds need not replay every log. The event log stays the truth.
public struct VisitProjection: Sendable, Equatable {
    /// The state value that marks a visit closed; `StoreReader.openVisits()` skips these rows.
    public static let closedState = "closed"
    public static let asyncPhaseState = "asyncPhase"

    public var visitID: String
    public var patientID: String
    public var unitID: String
    public var role: String
    public var state: String
    /// The staff member who accepted the visit, from then on.
    public var responsibleID: String?
    /// The seq this snapshot reflects (set by the store from the append that wrote it; ignored
    /// on write). Later messages do not move it: a visit's last seq is `StoreReader.lastSeq`.
    public var lastSeq: Int64
    /// The domain's JSON snapshot of the visit, opaque here.
    public var snapshot: [UInt8]
    public var updatedMilliseconds: Int64

    public init(visitID: String, patientID: String, unitID: String, role: String, state: String,
                responsibleID: String? = nil, lastSeq: Int64 = 0, snapshot: [UInt8], updatedMilliseconds: Int64) {
        self.visitID = visitID
        self.patientID = patientID
        self.unitID = unitID
        self.role = role
        self.state = state
        self.responsibleID = responsibleID
        self.lastSeq = lastSeq
        self.snapshot = snapshot
        self.updatedMilliseconds = updatedMilliseconds
    }
}
