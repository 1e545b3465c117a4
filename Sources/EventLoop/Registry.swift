/// Slot table of a loop's handlers. A slot's generation grows each time it is freed, so old
/// `Registration`s (in epoll data, timers or other loops' messages) never reach a new handler.
struct Registry {
    struct Slot {
        var handler: (any IOHandler)?
        var fd: Int32 = -1
        var generation: UInt32 = 1
        var timerDeadline: UInt64 = 0
        var flushPending = false
    }

    private(set) var slots: ContiguousArray<Slot> = []
    private var free: [UInt32] = []
    private(set) var count = 0

    mutating func insert(_ handler: any IOHandler, fd: Int32) -> Registration {
        let index: UInt32
        if let reused = free.popLast() {
            index = reused
        } else {
            index = UInt32(slots.count)
            slots.append(Slot())
        }
        slots[Int(index)].handler = handler
        slots[Int(index)].fd = fd
        count += 1
        return Registration(slot: index, generation: slots[Int(index)].generation)
    }

    @inline(__always)
    func isLive(_ registration: Registration) -> Bool {
        Int(registration.slot) < slots.count
            && slots[Int(registration.slot)].generation == registration.generation
            && slots[Int(registration.slot)].handler != nil
    }

    @inline(__always)
    func handler(_ registration: Registration) -> (any IOHandler)? {
        isLive(registration) ? slots[Int(registration.slot)].handler : nil
    }

    func fd(_ registration: Registration) -> Int32? {
        isLive(registration) ? slots[Int(registration.slot)].fd : nil
    }

    mutating func remove(_ registration: Registration) {
        guard isLive(registration) else { return }
        let i = Int(registration.slot)
        slots[i] = Slot(generation: slots[i].generation &+ 1)
        free.append(registration.slot)
        count -= 1
    }

    mutating func setTimer(_ registration: Registration, deadline: UInt64) {
        guard isLive(registration) else { return }
        slots[Int(registration.slot)].timerDeadline = deadline
    }

    func timerDeadline(_ registration: Registration) -> UInt64? {
        isLive(registration) ? slots[Int(registration.slot)].timerDeadline : nil
    }

    /// Marks a slot for the end-of-iteration flush; false if it already was (or is gone).
    mutating func markFlush(_ registration: Registration) -> Bool {
        guard isLive(registration), !slots[Int(registration.slot)].flushPending else { return false }
        slots[Int(registration.slot)].flushPending = true
        return true
    }

    mutating func clearFlush(_ registration: Registration) {
        guard isLive(registration) else { return }
        slots[Int(registration.slot)].flushPending = false
    }

    /// Every live handler, for shutdown.
    var liveHandlers: [(Registration, any IOHandler)] {
        slots.indices.compactMap { i in
            slots[i].handler.map { (Registration(slot: UInt32(i), generation: slots[i].generation), $0) }
        }
    }
}
