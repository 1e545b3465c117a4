import HTTP

/// permessage-deflate negotiation, server side (RFC 7692 §7.1).
public enum PerMessageDeflate {
    public static let name = "permessage-deflate"

    /// Walks the client's offers in order and accepts the first acceptable one (§7.1). An offer
    /// with an unknown or repeated parameter or a bad window-bits value is declined, and the next
    /// one is tried. Returns the `Sec-WebSocket-Extensions` response value and what was agreed,
    /// or nil to go on without compression.
    ///
    /// Agreed values: `*_no_context_takeover` when the client asks for it or the configuration
    /// wants it; each window is the smaller of the client's value and ours. The response names
    /// `client_max_window_bits` only when the offer carried it (§7.1.2.2) and the value is below
    /// 15. `server_max_window_bits=8` is accepted: the connection then sends its own messages
    /// uncompressed, because zlib cannot compress with a 256-byte raw window.
    public static func negotiate(
        offers: [String], configuration: DeflateConfiguration
    ) -> (responseValue: String, parameters: DeflateParameters)? {
        for case let offer? in ExtensionOffer.parse(offers) where HTTPSyntax.equalsIgnoringCase(offer.name, name) {
            if let accepted = accept(offer, configuration: configuration) { return accepted }
        }
        return nil
    }

    private static func accept(
        _ offer: ExtensionOffer, configuration: DeflateConfiguration
    ) -> (responseValue: String, parameters: DeflateParameters)? {
        var serverNoContextTakeover = false
        var clientNoContextTakeover = false
        var serverMaxWindowBits: Int?
        var clientMaxWindowBits: Int??  // .some(nil): offered without a value
        var seen: Set<String> = []
        for parameter in offer.parameters {
            guard seen.insert(parameter.name).inserted else { return nil }
            switch (parameter.name, parameter.value) {
            case ("server_no_context_takeover", nil):
                serverNoContextTakeover = true
            case ("client_no_context_takeover", nil):
                clientNoContextTakeover = true
            case ("server_max_window_bits", let value?):
                guard let bits = windowBits(value) else { return nil }
                serverMaxWindowBits = bits
            case ("client_max_window_bits", let value):
                guard let value else {
                    clientMaxWindowBits = .some(nil)
                    continue
                }
                guard let bits = windowBits(value) else { return nil }
                clientMaxWindowBits = bits
            default:
                return nil
            }
        }
        let ourServerBits = min(max(configuration.serverMaxWindowBits, 8), 15)
        let ourClientBits = min(max(configuration.clientMaxWindowBits, 8), 15)
        var parameters = DeflateParameters(
            serverNoContextTakeover: serverNoContextTakeover || configuration.serverNoContextTakeover,
            clientNoContextTakeover: clientNoContextTakeover || configuration.clientNoContextTakeover,
            serverMaxWindowBits: min(serverMaxWindowBits ?? 15, ourServerBits),
            clientMaxWindowBits: 15)
        var response = name
        if parameters.serverNoContextTakeover { response += "; server_no_context_takeover" }
        if parameters.clientNoContextTakeover { response += "; client_no_context_takeover" }
        if serverMaxWindowBits != nil || parameters.serverMaxWindowBits < 15 {
            response += "; server_max_window_bits=\(parameters.serverMaxWindowBits)"
        }
        if let offered = clientMaxWindowBits {
            parameters.clientMaxWindowBits = min(offered ?? 15, ourClientBits)
            if parameters.clientMaxWindowBits < 15 {
                response += "; client_max_window_bits=\(parameters.clientMaxWindowBits)"
            }
        }
        return (response, parameters)
    }

    /// A decimal 8...15 without leading zeros (§7.1.2.1).
    private static func windowBits(_ value: String) -> Int? {
        guard let first = value.utf8.first, first != UInt8(ascii: "0"), value.utf8.count <= 2,
              value.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let bits = Int(value), (8 ... 15).contains(bits) else { return nil }
        return bits
    }
}
