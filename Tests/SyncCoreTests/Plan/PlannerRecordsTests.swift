import Testing
@testable import SyncCore

/// What the planner keeps of the rows it read: packed entries, superseded digests by key.
@Suite struct PlannerRecordsTests {
    func entry(_ number: Int) -> Planner.Entry {
        Planner.Entry(line: number * 1_000_003,
                      user: UserIdentity(phone: number % 3 == 0 ? nil : "+1212736\(number % 10_000)", email: number % 2 == 0 ? "zoë\(number)@example.com" : nil),
                      properties: number % 5 == 0 ? "{}" : "{\"Tier\":\"Gold ✨ \(number)\",\"VIP\":true}",
                      fingerprint: UInt64.max / UInt64(number + 1), optIns: Array([nil, true, false, true].prefix(number % 4)),
                      links: number % 2 == 0 ? ["shopifyId": "s\(number)", "clientUserId": "ü\(number)"] : [:],
                      linkRejection: number % 7 == 0 ? "identityLinks: clientUserId is empty" : nil,
                      digest: RowDigest(high: UInt64(number), low: ~UInt64(number)), warned: number % 11 == 0)
    }

    func expectSame(_ read: Planner.Entry, _ written: Planner.Entry, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(read.line == written.line, sourceLocation: sourceLocation)
        #expect(read.user == written.user, sourceLocation: sourceLocation)
        #expect(read.properties == written.properties, sourceLocation: sourceLocation)
        #expect(read.fingerprint == written.fingerprint, sourceLocation: sourceLocation)
        #expect(read.optIns == written.optIns, sourceLocation: sourceLocation)
        #expect(read.links == written.links, sourceLocation: sourceLocation)
        #expect(read.linkRejection == written.linkRejection, sourceLocation: sourceLocation)
        #expect(read.digest == written.digest, sourceLocation: sourceLocation)
        #expect(read.warned == written.warned, sourceLocation: sourceLocation)
    }

    @Test func packedEntriesReadBackAsWrittenAcrossChunks() {
        var arena = Planner.EntryArena()
        // About 100 bytes each: 60,000 of them fill more than one 4 MiB chunk.
        let written = (0..<60_000).map(entry)
        let refs = written.map { arena.add($0) }
        #expect(Set(refs.map(\.chunk)).count > 1, "one chunk: the test reads nothing across chunks")
        for index in [0, 1, 2, 7, 11, 30, 41_999, 59_999] + Array(stride(from: 0, to: 60_000, by: 997)) {
            expectSame(arena[refs[index]], written[index])
            #expect(arena.line(refs[index]) == written[index].line)
        }
    }

    @Test func supersededDigestsAreGroupedByKeyInTheOrderRead() {
        var superseded = Planner.Records.SupersededDigests()
        let digest = { (n: UInt64) in RowDigest(high: n, low: n) }
        for (slot, n) in [(5, 1), (2, 2), (5, 3), (9, 4), (2, 5), (5, 6)] as [(Int32, UInt64)] { superseded.add(digest(n), of: slot) }
        let grouped = superseded.grouped()
        #expect(grouped.digests(of: 5) == [digest(1), digest(3), digest(6)])
        #expect(grouped.digests(of: 2) == [digest(2), digest(5)])
        #expect(grouped.digests(of: 9) == [digest(4)])
        #expect(grouped.digests(of: 3) == [])
        #expect(grouped.digests(of: 10) == [])
    }
}
