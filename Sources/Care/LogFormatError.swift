/// A payload or snapshot that does not decode: damaged, or written by a newer version.
public struct LogFormatError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
