/// Records packed one after another in chunks of 4 MiB, each read back where it starts: a
/// million small records cost their bytes, not an allocation (and a few heap strings) each.
/// A record is written once; what replaces it is a new record, the old bytes left unused.
struct ByteArena {
    /// Where a record starts.
    struct Ref {
        var chunk: UInt32
        var offset: UInt32
    }

    static let chunkSize = 4 << 20
    private var chunks: [[UInt8]] = []
    /// Reused for each record before it is copied into its chunk.
    private var scratch = ByteWriter()

    /// Adds the record `write` writes.
    mutating func add(_ write: (inout ByteWriter) -> Void) -> Ref {
        scratch.bytes.removeAll(keepingCapacity: true)
        write(&scratch)
        if chunks.isEmpty || chunks[chunks.count - 1].count + scratch.bytes.count > Self.chunkSize {
            var chunk: [UInt8] = []
            chunk.reserveCapacity(max(Self.chunkSize, scratch.bytes.count))
            chunks.append(chunk)
        }
        let ref = Ref(chunk: UInt32(chunks.count - 1), offset: UInt32(chunks[chunks.count - 1].count))
        chunks[chunks.count - 1].append(contentsOf: scratch.bytes)
        return ref
    }

    /// Reads the record at `ref` with a reader placed at its start.
    func read<T>(_ ref: Ref, _ body: (inout ByteReader) -> T) -> T {
        chunks[Int(ref.chunk)].withUnsafeBytes { bytes in
            var reader = ByteReader(bytes: bytes)
            reader.position = Int(ref.offset)
            return body(&reader)
        }
    }
}
