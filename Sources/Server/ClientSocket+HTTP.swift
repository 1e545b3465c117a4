import Compression
import WebSocket

/// Plain HTTP on the WebSocket port: the upgrade, health, metrics and the static web clients.
extension ClientSocket {
    func receivedHTTP(_ bytes: UnsafeRawBufferPointer) {
        guard case .http(var parser, let started) = phase else { return }
        var remaining = bytes
        while true {
            let result = parser.parse(remaining)
            switch result {
            case .needMore:
                phase = .http(parser, started: started)
                return
            case .invalid(let status, let reason):
                respond(.text(status, reason + "\n"), keepAlive: false)
                return
            case .complete(let head, let consumed):
                let rest = UnsafeRawBufferPointer(rebasing: remaining[consumed...])
                loop.metrics.add(.httpRequests)
                if isUpgrade(head) {
                    upgrade(head, leftover: rest)
                    return
                }
                let keepAlive = wantsKeepAlive(head)
                respond(answer(head), keepAlive: keepAlive)
                guard keepAlive, case .http = phase else { return }
                // Pipelined requests: the next head starts right after this one.
                parser = HTTPRequestParser()
                phase = .http(parser, started: loop.eventLoop.now)
                loop.eventLoop.setTimer(registration, deadline: loop.eventLoop.now + context.handshakeTimeout)
                if rest.isEmpty { return }
                remaining = rest
            }
        }
    }

    private func isUpgrade(_ head: HTTPRequestHead) -> Bool {
        head.header("Upgrade") != nil || head.header("Sec-WebSocket-Key") != nil
    }

    private func wantsKeepAlive(_ head: HTTPRequestHead) -> Bool {
        let connection = head.headerValues("Connection").map { $0.lowercased() }
        if connection.contains("close") { return false }
        // Requests with a body are refused without reading it, so the connection cannot continue.
        if let length = head.header("Content-Length"), length != "0" { return false }
        if head.header("Transfer-Encoding") != nil { return false }
        return head.version > .http1_0 || connection.contains("keep-alive")
    }

    private func answer(_ head: HTTPRequestHead) -> HTTPResponse {
        guard head.method == "GET" || head.method == "HEAD" else {
            return .text(405, "method not allowed\n", extraHeaders: [("Allow", "GET, HEAD")])
        }
        let isHead = head.method == "HEAD"
        switch head.path {
        case "/healthz":
            return .text(200, "ok\n")
        case "/metrics":
            var response = HTTPResponse.text(200, MetricsExposition.render(context.metrics))
            response.headers[0].1 = "text/plain; version=0.0.4; charset=utf-8"
            return response
        default:
            if let file = context.staticFiles.response(for: head.path, ifNoneMatch: head.header("If-None-Match"), head: isHead) {
                return file
            }
            return .text(404, "not found\n")
        }
    }

    func respond(_ response: HTTPResponse, keepAlive: Bool) {
        queue(response.encoded(keepAlive: keepAlive))
        if !keepAlive { finish() }
    }

    private func upgrade(_ head: HTTPRequestHead, leftover: UnsafeRawBufferPointer) {
        guard let route = route(head) else {
            respond(.text(404, "no WebSocket endpoint at this path\n"), keepAlive: false)
            return
        }
        switch Handshake.evaluate(head, policy: policy(for: head, route: route)) {
        case .reject(_, let response):
            queue(response)
            finish()
        case .accept(let response, let subprotocol, let deflate):
            queue(response)
            self.subprotocol = subprotocol
            upgradeQuery = head.query
            let connection = WebSocketConnection(
                role: .server, limits: context.limits, deflate: deflate,
                compressionLevel: context.deflate?.compressionLevel ?? Deflater.defaultLevel,
                minimumBytesToCompress: context.deflate?.minimumBytesToCompress ?? DeflateConfiguration.defaultMinimumBytesToCompress,
                sharedDeflater: loop.sharedDeflater)
            phase = .webSocket(connection, route)
            loop.metrics.add(.webSockets)
            scheduleKeepalive()
            loop.routeOpened(self, route)
            if !leftover.isEmpty, case .webSocket = phase {
                receivedFrames(leftover, connection, route)
            }
        }
    }

    /// The configured origins, plus the server's own origin (pages it served may always connect).
    private func policy(for head: HTTPRequestHead, route: Route) -> HandshakePolicy {
        var origins = context.configuration.allowedOrigins
        if let host = head.header("Host") {
            origins.append((context.configuration.isTLS ? "https://" : "http://") + host)
        }
        var endpoint: ApplicationEndpoint?
        if case .application(let index) = route { endpoint = context.applications[index] }
        return HandshakePolicy(allowedOrigins: origins, subprotocols: endpoint?.subprotocols ?? [],
                               requireSubprotocol: endpoint?.requireSubprotocol ?? false,
                               deflate: context.deflate)
    }

    private func route(_ head: HTTPRequestHead) -> Route? {
        Route(path: head.path, configuration: context.configuration, applications: context.applications)
    }
}
