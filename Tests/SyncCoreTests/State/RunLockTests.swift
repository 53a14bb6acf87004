import Foundation
import Synchronization
import Testing
@testable import SyncCore

@Suite struct RunLockTests {
    let directory = TemporaryDirectory()

    @Test func aSecondHolderIsRefusedAndNamedTheFirst() async throws {
        let state = directory.path("state.sqlite")
        let first = try await RunLock.acquire(statePath: state, mapping: "crm daily", command: "run")
        #expect(RunLock.isHeld(statePath: state, mapping: "crm daily"))
        let error = await #expect(throws: RunLock.HeldError.self) {
            _ = try await RunLock.acquire(statePath: state, mapping: "crm daily", command: "run")
        }
        #expect(error?.holder?.pid == getpid())
        #expect(error?.holder?.command == "run")
        #expect(error?.description.contains("another run of 'crm daily' is in progress") == true)
        #expect(error?.description.contains("--wait") == true)
        // Another mapping on the same state is free.
        let other = try await RunLock.acquire(statePath: state, mapping: "catalog", command: "run")
        withExtendedLifetime((first, other)) {}
    }

    @Test func releasedWhenTheHolderGoesAway() async throws {
        let state = directory.path("state.sqlite")
        var first: RunLock? = try await RunLock.acquire(statePath: state, mapping: "m", command: "baseline")
        #expect(first != nil)
        first = nil
        #expect(!RunLock.isHeld(statePath: state, mapping: "m"))
        _ = try await RunLock.acquire(statePath: state, mapping: "m", command: "run")
    }

    @Test func waitingGetsTheLockOnceItIsFree() async throws {
        let state = directory.path("state.sqlite")
        let holder = Mutex<RunLock?>(try await RunLock.acquire(statePath: state, mapping: "m", command: "run"))
        // Released from a thread of its own once the waiter says it waits: under the full suite a
        // task (this test's included) can be kept off the cooperative pool for seconds.
        let waiting = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            waiting.wait()
            usleep(200_000)
            holder.withLock { $0 = nil }
        }
        let waited = Mutex(0)
        // A wait far beyond the test's length: the suite can keep this task off the pool for over
        // a minute, and a waiter that first wakes past its deadline gives up before it says it waits.
        _ = try await RunLock.acquire(statePath: state, mapping: "m", command: "run", wait: .seconds(600)) { _ in
            waited.withLock { $0 += 1 }
            waiting.signal()
        }
        #expect(waited.withLock { $0 } == 1)
        #expect(holder.withLock { $0 == nil })
    }

    @Test func waitingGivesUpAfterItsTime() async throws {
        let state = directory.path("state.sqlite")
        let holder = try await RunLock.acquire(statePath: state, mapping: "m", command: "run")
        let error = await #expect(throws: RunLock.HeldError.self) {
            _ = try await RunLock.acquire(statePath: state, mapping: "m", command: "run", wait: .seconds(1))
        }
        #expect(error?.description.contains("after waiting 1 s") == true)
        withExtendedLifetime(holder) {}
    }

    @Test func theLockFileIsPrivateAndNamedForTheMapping() async throws {
        let state = directory.path("state.sqlite")
        let lock = try await RunLock.acquire(statePath: state, mapping: "a/b", command: "run")
        #expect(lock.path.hasSuffix("/state.sqlite.locks/" + (lock.path as NSString).lastPathComponent))
        #expect((lock.path as NSString).lastPathComponent.hasPrefix("a_b-"))
        let attributes = try FileManager.default.attributesOfItem(atPath: lock.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(RunLock.path(statePath: state, mapping: "a/b") != RunLock.path(statePath: state, mapping: "a_b"))
        // The same state spelled another way has the same lock.
        let spelled = directory.url.path + "/./state.sqlite"
        #expect(RunLock.path(statePath: spelled, mapping: "a/b") == lock.path)
        #expect(RunLock.isHeld(statePath: spelled, mapping: "a/b"))
    }
}
