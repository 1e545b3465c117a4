import DequeModule
import Posix

/// Bytes waiting for one socket. Chunks are arrays shared with other sockets (a fan-out frame
/// is one array referenced by every recipient's queue), so queueing never copies.
public struct WriteQueue {
    public enum FlushResult: Equatable {
        /// Everything was written.
        case drained
        /// The kernel buffer is full; wait for writable.
        case pending
        /// The peer is gone (EPIPE, ECONNRESET, …).
        case failed(Errno)
    }

    private var chunks = Deque<[UInt8]>()
    /// Bytes of the first chunk already written.
    private var headOffset = 0
    public private(set) var queuedBytes = 0
    /// Chunks written per writev call.
    private static let maxVectors = 64

    public init() {}

    public var isEmpty: Bool { queuedBytes == 0 }

    /// True while the first chunk has been partly written: it must finish before anything else.
    public var isMidChunk: Bool { headOffset > 0 }

    public mutating func append(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        chunks.append(bytes)
        queuedBytes += bytes.count
    }

    /// Drops every chunk not yet started (used when giving up on a slow reader).
    public mutating func discardUnstarted() {
        guard !chunks.isEmpty else { return }
        let keep = headOffset > 0 ? 1 : 0
        while chunks.count > keep {
            queuedBytes -= chunks.removeLast().count
        }
    }

    /// Writes as much as the socket takes, with as few writev calls as it can.
    public mutating func flush(to fd: Int32) -> FlushResult {
        while !chunks.isEmpty {
            let vectorCount = min(chunks.count, Self.maxVectors)
            let result = withUnsafeTemporaryAllocation(of: IOVector.self, capacity: vectorCount) { vectors in
                gather(vectors, index: 0, count: vectorCount, fd: fd)
            }
            switch result {
            case .done(let written): consume(written)
            case .wouldBlock: return .pending
            case .failed(let error): return .failed(error)
            }
        }
        return .drained
    }

    private enum WriteOutcome {
        case done(Int)
        case wouldBlock
        case failed(Errno)
    }

    /// Pins each chunk's storage with nested withUnsafeBytes calls, then writes them in one writev.
    private func gather(_ vectors: UnsafeMutableBufferPointer<IOVector>, index: Int, count: Int, fd: Int32) -> WriteOutcome {
        if index == count {
            do {
                switch try Descriptor.writev(fd, UnsafePointer(vectors.baseAddress!), count: Int32(count)) {
                case .done(let n): return .done(n)
                case .wouldBlock: return .wouldBlock
                }
            } catch {
                return .failed(error)
            }
        }
        return chunks[index].withUnsafeBytes { raw in
            let skip = index == 0 ? headOffset : 0
            vectors[index] = IOVector(UnsafeRawBufferPointer(rebasing: raw[skip...]))
            return gather(vectors, index: index + 1, count: count, fd: fd)
        }
    }

    private mutating func consume(_ written: Int) {
        var remaining = written
        queuedBytes -= written
        while remaining > 0, let first = chunks.first {
            let left = first.count - headOffset
            if remaining >= left {
                remaining -= left
                chunks.removeFirst()
                headOffset = 0
            } else {
                headOffset += remaining
                remaining = 0
            }
        }
    }
}
