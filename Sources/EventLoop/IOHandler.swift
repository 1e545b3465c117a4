/// What a loop calls for a registered descriptor. Called on the loop's thread only; never throws:
/// a failure closes that one connection.
public protocol IOHandler: AnyObject {
    /// Data (or end of stream) can be read.
    func readable()
    /// The socket accepts writes again (only while write interest is set).
    func writable()
    /// EPOLLERR/EPOLLHUP: the connection is gone.
    func failed()
    /// The deadline set with `EventLoop.setTimer` has passed.
    func timerFired()
    /// End of the loop iteration, after `EventLoop.needsFlush`: write what was queued.
    func flush()
}

extension IOHandler {
    public func writable() {}
    public func failed() {}
    public func timerFired() {}
    public func flush() {}
}
