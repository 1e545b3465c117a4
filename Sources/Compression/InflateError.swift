/// Why a compressed message could not be inflated. The WebSocket layer maps these to close codes.
public enum InflateError: Error, Equatable, Sendable {
    /// The output would pass the caller's limit (a zip bomb or just too big): close with 1009.
    case tooLarge
    /// The input is not valid raw DEFLATE data: close with 1007.
    case corrupt
}
