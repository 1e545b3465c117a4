import CZlib

/// A zlib call that failed for a reason other than bad input: bad parameters or no memory.
public struct ZlibError: Error, Equatable, Sendable, CustomStringConvertible {
    /// zlib's return code (`Z_STREAM_ERROR`, `Z_MEM_ERROR`, ...).
    public let code: Int32
    /// The zlib function that returned it.
    public let function: String

    public init(code: Int32, function: String) {
        self.code = code
        self.function = function
    }

    public var description: String { "\(function) failed with zlib code \(code)" }
}
