import Posix
import Synchronization

/// Renders every loop's counters in the Prometheus text format (version 0.0.4).
enum MetricsExposition {
    static func render(_ loops: [LoopMetrics]) -> String {
        func sum(_ counter: KeyPath<LoopMetrics, Atomic<Int>>) -> Int {
            loops.reduce(0) { $0 + $1[keyPath: counter].load(ordering: .relaxed) }
        }
        var out = ""
        func metric(_ name: String, _ type: String, _ help: String, _ value: Int) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n\(name) \(value)\n"
        }
        metric("carewire_connections", "gauge", "Open TCP connections (HTTP and WebSocket).", sum(\.connections))
        metric("carewire_websockets", "gauge", "Open WebSocket connections.", sum(\.webSockets))
        metric("carewire_messages_in_total", "counter", "WebSocket messages received.", sum(\.messagesIn))
        metric("carewire_messages_out_total", "counter", "WebSocket messages queued to clients.", sum(\.messagesOut))
        metric("carewire_bytes_in_total", "counter", "Bytes read from sockets.", sum(\.bytesIn))
        metric("carewire_bytes_out_total", "counter", "Bytes written to sockets.", sum(\.bytesOut))
        metric("carewire_http_requests_total", "counter", "HTTP requests answered.", sum(\.httpRequests))
        metric("carewire_rejected_connections_total", "counter", "Connections refused at the connection limit.", sum(\.rejectedConnections))
        out += "# HELP carewire_closes_total WebSocket closes by close code.\n# TYPE carewire_closes_total counter\n"
        for index in 0...16 {
            let count = loops.reduce(0) { $0 + $1.closesByCode[index].load(ordering: .relaxed) }
            guard count > 0 else { continue }
            let code = index == 16 ? "other" : String(1000 + index)
            out += "carewire_closes_total{code=\"\(code)\"} \(count)\n"
        }
        out += "# HELP carewire_loop_lag_seconds Longest event-loop iteration in the last second, per loop.\n"
        out += "# TYPE carewire_loop_lag_seconds gauge\n"
        for (index, loop) in loops.enumerated() {
            let seconds = Double(loop.loopLagNanoseconds.load(ordering: .relaxed)) / 1e9
            out += "carewire_loop_lag_seconds{loop=\"\(index)\"} \(seconds)\n"
        }
        metric("carewire_resident_memory_bytes", "gauge", "Resident set size of the process.", ProcessResources.residentBytes)
        out += "# HELP carewire_cpu_seconds_total User and system CPU time of the process.\n"
        out += "# TYPE carewire_cpu_seconds_total counter\ncarewire_cpu_seconds_total \(Double(ProcessResources.cpuMicroseconds) / 1e6)\n"
        return out
    }
}
