import Posix

/// Renders every loop's counters in the Prometheus text format (version 0.0.4).
public enum MetricsExposition {
    /// One metric with its HELP and TYPE lines (applications' `ApplicationEndpoint.metrics` too).
    public static func metric(_ name: String, _ type: String, _ help: String, _ value: String) -> String {
        "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n\(name) \(value)\n"
    }

    static func render(_ loops: [LoopMetrics]) -> String {
        func sum(_ counter: LoopMetrics.Counter) -> Int {
            loops.reduce(0) { $0 + $1.value(counter) }
        }
        var out = ""
        func metric(_ name: String, _ type: String, _ help: String, _ value: Int) {
            out += Self.metric(name, type, help, String(value))
        }
        metric("carewire_connections", "gauge", "Open TCP connections (HTTP and WebSocket).", sum(.connections))
        metric("carewire_websockets", "gauge", "Open WebSocket connections.", sum(.webSockets))
        metric("carewire_messages_in_total", "counter", "WebSocket messages received.", sum(.messagesIn))
        metric("carewire_messages_out_total", "counter", "WebSocket messages queued to clients.", sum(.messagesOut))
        metric("carewire_bytes_in_total", "counter", "Bytes read from sockets.", sum(.bytesIn))
        metric("carewire_bytes_out_total", "counter", "Bytes queued to sockets.", sum(.bytesOut))
        metric("carewire_http_requests_total", "counter", "HTTP requests answered.", sum(.httpRequests))
        metric("carewire_rejected_connections_total", "counter", "Connections refused at the connection limit.", sum(.rejectedConnections))
        metric("carewire_slow_readers_closed_total", "counter", "Sockets closed because their send queue passed the limit.", sum(.slowReadersClosed))
        metric("carewire_handovers_total", "counter", "Room connections moved to the loop that owns their room.", sum(.handovers))
        out += "# HELP carewire_closes_total WebSocket closes by close code (1006: no close frame exchanged).\n"
        out += "# TYPE carewire_closes_total counter\n"
        for slot in 0..<LoopMetrics.closeCodeSlots {
            let count = loops.reduce(0) { $0 + $1.closes(slot: slot) }
            guard count > 0 else { continue }
            let code = slot == 16 ? "other" : String(1000 + slot)
            out += "carewire_closes_total{code=\"\(code)\"} \(count)\n"
        }
        out += "# HELP carewire_loop_lag_seconds Longest event-loop iteration in the last second, per loop.\n"
        out += "# TYPE carewire_loop_lag_seconds gauge\n"
        for (index, loop) in loops.enumerated() {
            out += "carewire_loop_lag_seconds{loop=\"\(index)\"} \(Double(loop.value(.loopLagNanoseconds)) / 1e9)\n"
        }
        metric("carewire_resident_memory_bytes", "gauge", "Resident set size of the process.", ProcessResources.residentBytes)
        let heap = ProcessResources.heapBytes
        metric("carewire_heap_in_use_bytes", "gauge", "Bytes malloc has handed out and not taken back.", heap.inUse)
        metric("carewire_heap_held_bytes", "gauge", "Bytes malloc holds from the kernel (in use, free lists, mmapped).", heap.held)
        out += "# HELP carewire_cpu_seconds_total User and system CPU time of the process.\n"
        out += "# TYPE carewire_cpu_seconds_total counter\ncarewire_cpu_seconds_total \(Double(ProcessResources.cpuMicroseconds) / 1e6)\n"
        return out
    }
}
