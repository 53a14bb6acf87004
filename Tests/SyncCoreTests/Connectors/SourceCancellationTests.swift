import Synchronization
import Testing
@testable import SyncCore

@Suite struct SourceCancellationTests {
    @Test func runsTheRegisteredInterruptionOnceAndALateOneAtOnce() {
        let calls = Mutex(0)
        let cancellation = SourceCancellation()
        cancellation.onCancel { calls.withLock { $0 += 1 } }
        #expect(!cancellation.isCancelled)
        cancellation.cancel()
        cancellation.cancel()
        #expect(cancellation.isCancelled)
        #expect(calls.withLock { $0 } == 1)
        cancellation.onCancel { calls.withLock { $0 += 10 } }
        #expect(calls.withLock { $0 } == 11)
        #expect(throws: SourceCanceledError.self) { try cancellation.check("source") }
    }

    @Test func aClearedInterruptionIsNotRun() {
        let calls = Mutex(0)
        let cancellation = SourceCancellation()
        cancellation.onCancel { calls.withLock { $0 += 1 } }
        cancellation.clearHandler()
        cancellation.cancel()
        #expect(calls.withLock { $0 } == 0)
    }

    /// Endless rows; cancels `cancellation` once it has handed out `cancelAfter` of them.
    final class EndlessSource: RowSource {
        let columns = ["phone", "tier"]
        let description = "endless"
        var neededColumns: [Bool]?
        let cancellation: SourceCancellation
        let cancelAfter: Int
        private(set) var handedOut = 0

        init(cancellation: SourceCancellation, cancelAfter: Int) {
            self.cancellation = cancellation
            self.cancelAfter = cancelAfter
        }

        func next() throws -> SourceRow? {
            handedOut += 1
            if handedOut == cancelAfter { cancellation.cancel() }
            return .row(line: handedOut + 1, fields: ["(212) 736-\(1000 + handedOut % 9000)", "Gold"])
        }
    }

    @Test func theReadStopsWithinABatchOfTheCancellation() throws {
        let directory = TemporaryDirectory()
        let mapping = Mapping(
            name: "cancel", source: .csv(CSVSourceConfiguration(path: "unused.csv")),
            identity: IdentityMapping(phone: PhoneColumn(column: "phone"), email: nil),
            customAttributes: [AttributeMapping(name: "Tier", value: ValueReference(origin: .column("tier")))])
        let cancellation = SourceCancellation()
        let source = EndlessSource(cancellation: cancellation, cancelAfter: 1_000)
        let planner = Planner(mapping: mapping, state: try SQLiteStateStore(path: directory.path("state.sqlite")))
        #expect(throws: SourceCanceledError.self) { try planner.plan(source: source, cancellation: cancellation) }
        // Only the checks between batches can end an endless source (the reading thread's, before
        // each batch it reads ahead, also while the state loads, and the planner's): the batch
        // being read when the cancellation came, and those read ahead of it.
        #expect(source.handedOut <= Planner.batchSize * (SourceBatches.ahead + 1))
    }
}
