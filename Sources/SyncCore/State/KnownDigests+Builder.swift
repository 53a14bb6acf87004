import Foundation

/// Builds `KnownDigests` from a state's rows read in key order (by UTF-8 bytes): the store
/// reads on while the rows read so far are put into the table on another thread, a chunk at a
/// time.
extension KnownDigests {
    struct Builder {
        private var building: Ahead<KnownDigests>
        private var chunk = DigestChunk()
        /// The bytes of the last key added, in one buffer kept for every key.
        private var previousKey: [UInt8] = []
        private var started = false

        init(rowCount: Int) {
            building = Ahead {
                var digests = KnownDigests()
                digests.rows = DigestTable(capacity: rowCount)
                return digests
            }
        }

        /// Adds a row; a key's rows come together.
        mutating func add(key: UnsafeBufferPointer<UInt8>, digest: RowDigest, counted: UInt64?, warned: Bool) {
            if !started || !previousKey.withUnsafeBufferPointer({ Self.equal(key, $0) }) {
                started = true
                previousKey.removeAll(keepingCapacity: true)
                previousKey.append(contentsOf: key)
                chunk.newKey(key)
            }
            chunk.rows.append(DigestChunk.Row(digest: digest, counted: counted, warned: warned, keyIndex: chunk.keyEnds.count - 1))
            if chunk.rows.count == DigestChunk.size { handOn() }
        }

        private static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
            a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
        }

        mutating func finish() -> KnownDigests {
            handOn()
            return building.result()
        }

        private mutating func handOn() {
            let rows = chunk, before = building
            // One chunk in the table's hands at a time: no thread waits on another.
            before.wait()
            building = Ahead { var digests = before.result(); rows.add(to: &digests); return digests }
            chunk = DigestChunk()
        }
    }
}

/// Row digests read from the state and not yet in the table: their keys' bytes and their rows.
private struct DigestChunk: Sendable {
    struct Row: Sendable {
        var digest: RowDigest
        var counted: UInt64?
        var warned: Bool
        /// The row's key among this chunk's keys; -1: the last key of the chunk before.
        var keyIndex: Int
    }

    static let size = 16_384

    var keyBytes: [UInt8] = []
    var keyEnds: [Int] = []
    var rows: [Row] = []

    mutating func newKey(_ key: UnsafeBufferPointer<UInt8>) {
        keyBytes.append(contentsOf: key)
        keyEnds.append(keyBytes.count)
    }

    func add(to digests: inout KnownDigests) {
        let firstSlot = digests.keys.count
        var start = 0
        for end in keyEnds {
            digests.keys.append(String(decoding: keyBytes[start..<end], as: UTF8.self))
            start = end
        }
        for row in rows {
            if let known = KnownDigests.Row(slot: Int32(firstSlot + row.keyIndex), counted: row.counted, warned: row.warned) {
                digests.rows.insert(known, for: row.digest)
            }
        }
    }
}
