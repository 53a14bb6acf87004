import Logging
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

    @Test func cancellingThePlanningTaskStopsReadingACSVSource() async throws {
        let directory = TemporaryDirectory()
        var csv = "phone,email,tier\n"
        for i in 0..<200_000 { csv += "(212) 736-\(1000 + i % 9000),c\(i)@example.com,Gold\n" }
        let mapping = Mapping(
            name: "cancel",
            source: .csv(CSVSourceConfiguration(path: directory.write("customers.csv", csv))),
            identity: IdentityMapping(phone: PhoneColumn(column: "phone"), email: "email"),
            customAttributes: [AttributeMapping(name: "Tier", value: ValueReference(origin: .column("tier")))])
        let job = SyncJob(mapping: mapping, state: try StateStore(path: directory.path("state.sqlite")), logger: Logger(label: "test"))
        let planning = Task { try await job.plan() }
        planning.cancel()
        await #expect(throws: SourceCanceledError.self) { try await planning.value }
    }
}
