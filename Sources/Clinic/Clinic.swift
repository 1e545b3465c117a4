import Care
import Logging
import Server
import Service
import Synchronization
import Tokens

/// The care service as the server hosts it: the state every loop shares (the record store,
/// token verification, presence, the patient directory, the notification sender) and the
/// `/ws` endpoint whose per-loop instances do the work.
public final class Clinic: Sendable {
    public static let subprotocol = "carewire.v1"
    public static let path = "/ws"

    public let configuration: ClinicConfiguration
    /// Where visits, audit entries and the outbox are kept (the composition root chose which).
    let records: any RecordStore
    let issuer: TokenIssuer
    let presence = Presence()
    let directory = Directory()
    let intake = IntakeLedger()
    let notifications: NotificationSender
    let logger: Logger
    /// Every `now` of the care rules (timers, async phases, audit times) comes from here.
    let clock: any CareClock
    /// Nothing was stored before this start (demo mode then seeds a few waiting visits).
    let isFirstStart: Bool
    /// Colleagues by care provider, unit and role: read from the configured source at start and
    /// again on `reloadStaffDirectory()` (SIGHUP). Loops take the current value per command.
    private let directorySource: (any StaffDirectorySource)?
    private let currentDirectory: Mutex<StaffDirectory>
    var staffDirectory: StaffDirectory { currentDirectory.withLock { $0 } }

    /// Takes over `records` (stopped by `stop()`, or here if starting fails) and starts the
    /// notification sender.
    public init(configuration: ClinicConfiguration, records: any RecordStore, logger: Logger,
                channel: (any NotificationChannel)? = nil, clock: (any CareClock)? = nil) throws {
        self.configuration = configuration
        self.logger = logger
        self.clock = clock ?? WallClock(offsetMilliseconds: configuration.clockOffsetMilliseconds)
        isFirstStart = records.isNew
        self.records = records
        directorySource = configuration.staffDirectory ?? configuration.demo.map { $0 as any StaffDirectorySource }
        do {
            currentDirectory = Mutex(try directorySource?.load() ?? .empty)
        } catch {
            records.stop()
            throw error
        }
        issuer = TokenIssuer(secret: configuration.tokenSecret)
        do {
            notifications = try NotificationSender(
                records: records, channel: channel ?? LogNotificationChannel(logger: logger), clock: self.clock, logger: logger)
        } catch {
            records.stop()
            throw error
        }
        for patient in configuration.demo?.patients ?? [] { directory.register(patient) }
        logger.info("staff directory", metadata: ["people": "\(staffDirectory.peopleCount)"])
    }

    /// Reads the staff directory again from its source (an operator's SIGHUP after replacing
    /// the file). A source that cannot be read, or breaks a rule, leaves the current directory
    /// in place and logs why. Returns whether the directory was replaced.
    @discardableResult
    public func reloadStaffDirectory() -> Bool {
        guard let directorySource else {
            logger.warning("staff directory not reloaded: no source (--staff-directory or --demo)")
            return false
        }
        do {
            let fresh = try directorySource.load()
            currentDirectory.withLock { $0 = fresh }
            logger.info("staff directory reloaded", metadata: ["people": "\(fresh.peopleCount)"])
            return true
        } catch {
            logger.error("staff directory not reloaded: the current one stays", metadata: ["reason": "\(error)"])
            return false
        }
    }

    /// `/ws` (subprotocol `carewire.v1` required) plus the HTTP paths of triage and the demo.
    public var endpoint: ApplicationEndpoint {
        ApplicationEndpoint(path: Self.path, subprotocols: [Self.subprotocol], requireSubprotocol: true,
                            httpPaths: CareApplication.httpPaths, metrics: { [records] in StoreMetrics.render(records.statistics) }) { services in
            CareApplication(clinic: self, services: services)
        }
    }

    /// Mints a token (the demo login, `carewire token`).
    public func token(_ claims: TokenClaims) -> String { issuer.issue(claims) }

    /// Call after the server's loops stopped: sends what is pending, commits, closes the store.
    public func stop() {
        notifications.stop()
        records.stop()
    }
}
