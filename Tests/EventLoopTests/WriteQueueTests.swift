import Testing
@testable import EventLoop

@Suite struct WriteQueueTests {
    @Test func manyChunksAreWrittenInOrderWithOneFlush() {
        let pair = SocketPair()
        defer { pair.close() }
        var queue = WriteQueue()
        var expected: [UInt8] = []
        for i in 0..<200 {
            let chunk = [UInt8](repeating: UInt8(i % 251), count: 1 + i % 7)
            queue.append(chunk)
            expected += chunk
        }
        #expect(queue.queuedBytes == expected.count)
        #expect(queue.flush(to: pair.left) == .drained)
        #expect(queue.isEmpty)
        #expect(SocketPair.readAll(pair.right) == expected)
    }

    @Test func aFullSocketLeavesThePartWrittenChunkFirstAndResumesExactly() {
        let pair = SocketPair(sendBuffer: 4096)
        defer { pair.close() }
        var queue = WriteQueue()
        let shared = [UInt8]((0..<100_000).map { UInt8($0 % 253) })
        queue.append(shared)
        queue.append(shared)
        #expect(queue.flush(to: pair.left) == .pending)
        #expect(queue.isMidChunk || queue.queuedBytes == shared.count)
        var received = SocketPair.readAll(pair.right)
        queue.discardUnstarted()
        while queue.flush(to: pair.left) == .pending {
            received += SocketPair.readAll(pair.right)
        }
        received += SocketPair.readAll(pair.right)
        // Only the chunk that had started is completed; the untouched second one was dropped.
        #expect(received.count % shared.count == 0)
        #expect(Array(received.prefix(shared.count)) == shared)
    }

    @Test func aClosedPeerIsReportedAsFailed() {
        let pair = SocketPair()
        var queue = WriteQueue()
        queue.append([1, 2, 3])
        pair.closeRight()
        if case .failed = queue.flush(to: pair.left) {} else { Issue.record("expected failure") }
        pair.closeLeft()
    }
}

extension SocketPair {
    func closeRight() { _ = Glibc.close(right) }
    func closeLeft() { _ = Glibc.close(left) }
}

#if canImport(Glibc)
import Glibc
#endif
