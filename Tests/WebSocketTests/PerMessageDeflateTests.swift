import Testing
@testable import WebSocket

@Suite struct PerMessageDeflateTests {
    typealias Agreed = (response: String, parameters: DeflateParameters)

    static func parameters(
        server: Bool = true, client: Bool = false, serverBits: Int = 15, clientBits: Int = 15
    ) -> DeflateParameters {
        DeflateParameters(
            serverNoContextTakeover: server, clientNoContextTakeover: client, serverMaxWindowBits: serverBits,
            clientMaxWindowBits: clientBits)
    }

    /// Offers (header values) → response value and agreed parameters, with the default configuration.
    @Test(arguments: [
        (["permessage-deflate"], "permessage-deflate; server_no_context_takeover", parameters()),
        (["permessage-deflate; client_max_window_bits"], "permessage-deflate; server_no_context_takeover", parameters()),
        (["permessage-deflate; client_max_window_bits=9"],
         "permessage-deflate; server_no_context_takeover; client_max_window_bits=9", parameters(clientBits: 9)),
        (["permessage-deflate; server_max_window_bits=10"],
         "permessage-deflate; server_no_context_takeover; server_max_window_bits=10", parameters(serverBits: 10)),
        (["permessage-deflate; server_max_window_bits=15"],
         "permessage-deflate; server_no_context_takeover; server_max_window_bits=15", parameters()),
        (["permessage-deflate; server_max_window_bits=8"],
         "permessage-deflate; server_no_context_takeover; server_max_window_bits=8", parameters(serverBits: 8)),
        (["permessage-deflate; server_max_window_bits=\"12\""],
         "permessage-deflate; server_no_context_takeover; server_max_window_bits=12", parameters(serverBits: 12)),
        (["permessage-deflate; client_no_context_takeover"],
         "permessage-deflate; server_no_context_takeover; client_no_context_takeover", parameters(client: true)),
        (["permessage-deflate;server_no_context_takeover;client_no_context_takeover"],
         "permessage-deflate; server_no_context_takeover; client_no_context_takeover", parameters(client: true)),
        (["PerMessage-Deflate"], "permessage-deflate; server_no_context_takeover", parameters()),
        // The first acceptable offer wins; bad ones are declined, not fatal.
        (["permessage-deflate; foo, permessage-deflate; server_max_window_bits=12"],
         "permessage-deflate; server_no_context_takeover; server_max_window_bits=12", parameters(serverBits: 12)),
        (["x-webkit-deflate-frame", "permessage-deflate; client_max_window_bits"],
         "permessage-deflate; server_no_context_takeover", parameters()),
        // Autobahn 13.7's three offers.
        (["permessage-deflate; server_no_context_takeover; server_max_window_bits=8, "
            + "permessage-deflate; server_no_context_takeover, permessage-deflate"],
         "permessage-deflate; server_no_context_takeover; server_max_window_bits=8", parameters(serverBits: 8)),
    ] as [([String], String, DeflateParameters)])
    func acceptsOffer(offers: [String], response: String, agreed: DeflateParameters) throws {
        let result = try #require(PerMessageDeflate.negotiate(offers: offers, configuration: DeflateConfiguration()))
        #expect(result.responseValue == response)
        #expect(result.parameters == agreed)
    }

    @Test(arguments: [
        [],
        ["x-webkit-deflate-frame"],
        ["permessage-deflate; server_max_window_bits"],  // needs a value
        ["permessage-deflate; server_max_window_bits=7"],
        ["permessage-deflate; server_max_window_bits=16"],
        ["permessage-deflate; server_max_window_bits=010"],
        ["permessage-deflate; client_max_window_bits=abc"],
        ["permessage-deflate; client_max_window_bits=\"1 5\""],
        ["permessage-deflate; server_no_context_takeover=1"],
        ["permessage-deflate; server_no_context_takeover; server_no_context_takeover"],
        ["permessage-deflate; client_max_window_bits; client_max_window_bits=10"],
        ["permessage-deflate; unknown_parameter"],
        ["permessage-deflate; server_max_window_bits=\"12"],
        ["permessage-deflate; =12"],
    ] as [[String]])
    func declinesOffer(offers: [String]) {
        #expect(PerMessageDeflate.negotiate(offers: offers, configuration: DeflateConfiguration()) == nil)
    }

    @Test func configurationShapesTheResponse() throws {
        let configuration = DeflateConfiguration(
            serverNoContextTakeover: false, clientNoContextTakeover: true, serverMaxWindowBits: 11, clientMaxWindowBits: 12)
        let offered = try #require(PerMessageDeflate.negotiate(
            offers: ["permessage-deflate; client_max_window_bits; server_max_window_bits=13"], configuration: configuration))
        #expect(offered.responseValue
            == "permessage-deflate; client_no_context_takeover; server_max_window_bits=11; client_max_window_bits=12")
        #expect(offered.parameters == Self.parameters(server: false, client: true, serverBits: 11, clientBits: 12))
        // client_max_window_bits may only be answered when offered (RFC 7692 §7.1.2.2).
        let plain = try #require(PerMessageDeflate.negotiate(offers: ["permessage-deflate"], configuration: configuration))
        #expect(plain.responseValue == "permessage-deflate; client_no_context_takeover; server_max_window_bits=11")
        #expect(plain.parameters.clientMaxWindowBits == 15)
    }

    @Test func agreedWindowOf8StillCarriesMessages() {
        let agreed = Self.parameters(serverBits: 8, clientBits: 8)
        let server = WebSocketConnection.server(deflate: agreed)
        let client = WebSocketConnection.client(deflate: agreed)
        let text = utf8(String(repeating: "window eight ", count: 100))
        server.sendText(text)
        client.sendText(text)
        #expect(client.events(server.takeOutput()) == [.text(text)])
        #expect(server.events(client.takeOutput()) == [.text(text)])
    }
}

extension DeflateParameters: CustomTestStringConvertible {
    public var testDescription: String {
        "s\(serverNoContextTakeover ? "NCT" : "")\(serverMaxWindowBits) c\(clientNoContextTakeover ? "NCT" : "")\(clientMaxWindowBits)"
    }
}
