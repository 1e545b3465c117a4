import HTTP
import Compression
import WebSocket

/// Plain HTTP on the WebSocket port: the upgrade, health, metrics, the static web clients, and
/// requests routed to applications.
extension ClientSocket {
    private static let continueResponse = HTTPResponse.informational(100)

    func receivedHTTP(_ bytes: UnsafeRawBufferPointer, _ exchange: HTTPExchange) {
        if exchange.pending != nil {
            keepForLater(bytes, exchange)
        } else {
            parseRequests(bytes, exchange)
        }
    }

    /// Answers go out in order: input after a pending request waits until its answer is queued.
    /// Past one whole request's worth, reading pauses and TCP pushes back on the client.
    private func keepForLater(_ bytes: UnsafeRawBufferPointer, _ exchange: HTTPExchange) {
        exchange.backlog.append(contentsOf: bytes)
        if exchange.backlog.count > backlogLimit { pauseReading(true) }
    }

    var backlogLimit: Int { HTTPRequestParser().maxHeadBytes + context.configuration.maxRequestBodyBytes }

    func parseRequests(_ bytes: UnsafeRawBufferPointer, _ exchange: HTTPExchange) {
        var remaining = bytes
        while true {
            let (event, consumed) = exchange.framer.next(remaining)
            remaining = UnsafeRawBufferPointer(rebasing: remaining[consumed...])
            switch event {
            case .needMore:
                return
            case .invalid(let status, let reason):
                respond(.text(status, reason + "\n"), keepAlive: false)
                return
            case .sendContinue:
                queue(Self.continueResponse)
            case .upgrade(let head):
                loop.metrics.add(.httpRequests)
                upgrade(head, leftover: remaining)
                return
            case .request(let head, let body):
                loop.metrics.add(.httpRequests)
                let keepAlive = wantsKeepAlive(head)
                if !metricsOnly, let endpoint = context.httpApplication(for: head.path) {
                    dispatch(HTTPRequest(head: head, body: body), to: endpoint, keepAlive: keepAlive, exchange)
                    if exchange.pending != nil {
                        keepForLater(remaining, exchange)
                        return
                    }
                } else {
                    var response = answer(head)
                    response.omitBody = head.method == "HEAD"
                    respond(response, keepAlive: keepAlive)
                }
                guard case .http = phase else { return }
                nextRequest(exchange)
                if remaining.isEmpty { return }
            }
        }
    }

    /// The next request's head and body must arrive within the handshake timeout from now.
    func nextRequest(_ exchange: HTTPExchange) {
        exchange.started = loop.eventLoop.now
        loop.eventLoop.setTimer(registration, deadline: exchange.started + context.handshakeTimeout)
    }

    private func wantsKeepAlive(_ head: HTTPRequestHead) -> Bool {
        let connection = head.headerValues("Connection").map { $0.lowercased() }
        if connection.contains("close") { return false }
        return head.version > .http1_0 || connection.contains("keep-alive")
    }

    /// The server's own answers: health, metrics (on the metrics listener instead when there is
    /// one), static files (not on the metrics listener).
    private func answer(_ head: HTTPRequestHead) -> HTTPResponse {
        guard head.method == "GET" || head.method == "HEAD" else {
            return .text(405, "method not allowed\n", extraHeaders: [("Allow", "GET, HEAD")])
        }
        let isHead = head.method == "HEAD"
        switch head.path {
        case "/healthz":
            return .text(200, "ok\n")
        case "/metrics" where metricsOnly || context.configuration.metricsAddress == nil:
            let text = context.applications.reduce(MetricsExposition.render(context.metrics)) { $0 + ($1.metrics?() ?? "") }
            var response = HTTPResponse.text(200, text)
            response.headers[0].value = "text/plain; version=0.0.4; charset=utf-8"
            return response
        case "/metrics":
            break  // served on the metrics listener only; never a static file
        default:
            if !metricsOnly,
               let file = context.staticFiles.response(for: head.path, ifNoneMatch: head.header("If-None-Match"), head: isHead) {
                return file
            }
        }
        return .text(404, "not found\n")
    }

    func respond(_ response: HTTPResponse, keepAlive: Bool) {
        queue(context.encode(response, keepAlive: keepAlive))
        if !keepAlive { finish() }
    }

    func upgrade(_ head: HTTPRequestHead, leftover: UnsafeRawBufferPointer) {
        guard !metricsOnly, let route = route(head) else {
            respond(.text(404, "no WebSocket endpoint at this path\n"), keepAlive: false)
            return
        }
        if case .room(let name) = route, handOver(head, leftover: leftover, toOwnerOf: name) { return }
        switch Handshake.evaluate(head, policy: policy(for: head, route: route)) {
        case .reject(let response):
            respond(response, keepAlive: false)
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
