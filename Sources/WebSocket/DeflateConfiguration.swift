import Compression

/// The server's permessage-deflate policy (RFC 7692): what it asks for and accepts.
public struct DeflateConfiguration: Sendable, Equatable {
    /// On by default: with a fresh window per message, one compressed frame can be written to
    /// every recipient (see `SharedMessage`).
    public var serverNoContextTakeover: Bool
    public var clientNoContextTakeover: Bool
    /// 8...15. At 8 the server still agrees, but zlib cannot compress raw DEFLATE with a 256-byte
    /// window, so it then sends its own messages uncompressed (see `WebSocketConnection`).
    public var serverMaxWindowBits: Int
    /// 8...15. Only sent to clients whose offer carries `client_max_window_bits`.
    public var clientMaxWindowBits: Int
    public var compressionLevel: Int32
    /// Smaller messages are sent uncompressed (RSV1 = 0): deflate cannot win much on them.
    public var minimumBytesToCompress: Int

    public static let defaultMinimumBytesToCompress = 128

    public init(
        serverNoContextTakeover: Bool = true,
        clientNoContextTakeover: Bool = false,
        serverMaxWindowBits: Int = 15,
        clientMaxWindowBits: Int = 15,
        compressionLevel: Int32 = Deflater.defaultLevel,
        minimumBytesToCompress: Int = DeflateConfiguration.defaultMinimumBytesToCompress
    ) {
        self.serverNoContextTakeover = serverNoContextTakeover
        self.clientNoContextTakeover = clientNoContextTakeover
        self.serverMaxWindowBits = serverMaxWindowBits
        self.clientMaxWindowBits = clientMaxWindowBits
        self.compressionLevel = compressionLevel
        self.minimumBytesToCompress = minimumBytesToCompress
    }
}
