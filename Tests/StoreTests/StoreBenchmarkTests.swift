#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import TestSupport
import Posix
import Synchronization
import Testing
@testable import Store

/// Closed-loop throughput: K clients, each on its own visit, send the next message when the
/// previous one is acked (resubmitting from the completion). Opt-in, best in release:
/// `CAREWIRE_STORE_BENCH=1 swift test -c release --filter StoreBenchmark`.
@Suite(.serialized) struct StoreBenchmarkTests {
    static var enabled: Bool { getenv("CAREWIRE_STORE_BENCH") != nil }

    @Test(.enabled(if: enabled), arguments: [1, 16, 256, 2_048])
    func closedLoopAppends(clients: Int) throws {
        let directory = TemporaryDirectory()
        let writer = try StoreWriter(configuration: .init(path: directory.databasePath))
        let acks = Atomic<Int>(0)
        let latencies = Mutex<[UInt64]>([])
        let running = Atomic<Bool>(true)
        let payload = Array(String(repeating: "x", count: 200).utf8)

        @Sendable func send(_ client: Int, _ seq: Int64) {
            guard running.load(ordering: .relaxed) else { return }
            let visit = "bench-\(client)"
            let event = StoredEvent(visitID: visit, seq: seq, atMilliseconds: 0, actor: "patient-\(client)",
                                   kind: "message", clientID: "c\(seq)", payload: payload)
            let sent = ProcessResources.monotonicNanoseconds()
            let request = WriteRequest.append(EventAppend(event, projection: seq == 1 ? Fixture.projection(visit) : nil))
            writer.submit(request) { result in
                guard case .success = result else { return }
                acks.add(1, ordering: .relaxed)
                let elapsed = ProcessResources.monotonicNanoseconds() - sent
                latencies.withLock { $0.append(elapsed) }
                send(client, seq + 1)
            }
        }
        let started = ProcessResources.monotonicNanoseconds()
        for client in 0..<clients { send(client, 1) }
        usleep(3_000_000)
        running.store(false, ordering: .relaxed)
        let seconds = Double(ProcessResources.monotonicNanoseconds() - started) / 1e9
        let total = acks.load(ordering: .relaxed)
        writer.stop()
        let stats = writer.statistics
        let sorted = latencies.withLock { $0 }.sorted()
        func ms(_ q: Double) -> String {
            sorted.isEmpty ? "-" : String(Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))]) / 1e6)
        }
        let perCommit = (stats.requestsPerCommit * 10).rounded() / 10
        func perCommitMs(_ nanoseconds: UInt64) -> Double {
            stats.commits == 0 ? 0 : (Double(nanoseconds) / Double(stats.commits) / 1e4).rounded() / 100
        }
        print("bench clients=\(clients): \(Int(Double(total) / seconds)) appends/s, \(stats.commits) commits, \(perCommit) requests/commit, transaction \(perCommitMs(stats.transactionNanoseconds)) ms avg of which COMMIT \(perCommitMs(stats.commitNanoseconds)) ms, ack latency p50 \(ms(0.5)) ms p99 \(ms(0.99)) ms")
        #expect(total > 0)
    }
}
