import Testing
@testable import SyncCore

/// Rows read ahead on a thread of their own come in order, in batches, with the source's
/// error where it occurred.
@Suite struct SourceBatchesTests {
    struct Unreadable: Error {}

    /// `count` rows, then `Unreadable` (or the end, when `failing` is false); endless when `count` is nil.
    final class CountingSource: RowSource {
        let columns = ["n"]
        let description = "counting"
        var neededColumns: [Bool]?
        let count: Int?
        let failing: Bool
        private(set) var handedOut = 0

        init(count: Int?, failing: Bool = false) {
            self.count = count
            self.failing = failing
        }

        func next() throws -> SourceRow? {
            if let count, handedOut == count {
                if failing { throw Unreadable() }
                return nil
            }
            handedOut += 1
            return .row(line: handedOut + 1, fields: ["\(handedOut)"])
        }
    }

    @Test func batchesComeInOrderAndEndWithNil() throws {
        let batches = SourceBatches(CountingSource(count: 20_000), size: 8_192)
        defer { batches.finish() }
        var sizes: [Int] = [], lines: [Int] = []
        while let batch = try batches.next() {
            sizes.append(batch.count)
            for case .row(let line, _) in batch.sourceRows { lines.append(line) }
        }
        #expect(sizes == [8_192, 8_192, 3_616])
        #expect(lines == Array(2...20_001))
        #expect(try batches.next() == nil)
    }

    @Test func aBatchGivenBackIsReadIntoAfresh() throws {
        let batches = SourceBatches(CountingSource(count: 1_000), size: 100)
        defer { batches.finish() }
        var values: [String] = []
        while values.count <= 1_000, let batch = try batches.next() {
            for case .row(_, let fields) in batch.sourceRows { values += fields }
            batches.recycle(batch)
        }
        #expect(values == (1...1_000).map(String.init))
    }

    @Test func theSourcesErrorComesAfterTheBatchesBeforeIt() throws {
        let batches = SourceBatches(CountingSource(count: 10_000, failing: true), size: 8_192)
        defer { batches.finish() }
        #expect(try batches.next()?.count == 8_192)
        #expect(throws: Unreadable.self) { try batches.next() }
    }

    @Test func finishingEarlyStopsTheReadAhead() throws {
        let source = CountingSource(count: nil)
        let batches = SourceBatches(source, size: 100)
        #expect(try batches.next()?.count == 100)
        batches.finish()
        // The thread let go of the source: it reads no further.
        let read = source.handedOut
        #expect(read <= 100 * (SourceBatches.ahead + 2))
        #expect(source.handedOut == read)
    }
}
