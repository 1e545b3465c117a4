/// Every text Care writes for patients, in one place (Swedish, as the service speaks it).
public enum Phrases {
    /// The automatic welcome message when a visit starts, written in the clinician's name.
    public static func welcome(_ clinician: Clinician) -> String {
        "Hej! Jag heter \(clinician.displayName) och är \(clinician.role.inSentence). Hur kan jag hjälpa dig?"
    }

    /// The notification (SMS) when a clinician accepts the visit.
    public static let caseAccepted = "Vården har tagit emot ditt ärende och påbörjar handläggningen snart."

    /// Shown above the chat in the async phase.
    public static func remainingDays(_ days: Int) -> String {
        switch days {
        case ...0: "Besöket är avslutat. Du kan inte längre skriva här."
        case 1: "Du kan skriva i besöket 1 dag till."
        default: "Du kan skriva i besöket \(days) dagar till."
        }
    }
}
