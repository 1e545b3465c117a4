import Testing
@testable import EventLoop
import Posix

@Suite struct MailboxTests {
    @Test func postsFromManyThreadsArriveOnceEachAndInOrderPerThread() throws {
        let mailbox = try Mailbox<(thread: Int, sequence: Int)>()
        let threads = (0..<4).map { t in
            Posix.Thread(name: "poster-\(t)") {
                for i in 0..<10_000 { mailbox.post((t, i)) }
            }
        }
        threads.forEach { $0.join() }
        let received = mailbox.drain()
        #expect(received.count == 40_000)
        for t in 0..<4 {
            let mine = received.filter { $0.thread == t }.map(\.sequence)
            #expect(mine == Array(0..<10_000))
        }
        #expect(mailbox.drain().isEmpty)
    }

    @Test func theDoorbellRingsOncePerBatchAndAgainAfterADrain() throws {
        let mailbox = try Mailbox<Int>()
        let epoll = try Epoll(capacity: 4)
        try epoll.add(mailbox.fd, interest: .readable, data: 42)
        func ready() throws -> Int { try epoll.wait(timeoutMilliseconds: 0) { _ in } }
        #expect(try ready() == 0)
        mailbox.post(1)
        mailbox.post(2)
        #expect(try ready() == 1)
        #expect(mailbox.drain() == [1, 2])
        #expect(try ready() == 0)
        mailbox.post(3)
        #expect(try ready() == 1)

    }
}
