import Crypto

/// A digest of the raw source cells that produced a key's acknowledged state, so an unchanged
/// row costs a parse, a hash and a lookup: no normalization, no typing, no JSON.
///
/// The encoding (a database can reproduce it, e.g. PostgreSQL's `sha256()`): SHA-256 over the
/// seed's own SHA-256 in 64 lowercase hex digits (`RowDigester.seedDigest`), then for each of
/// the mapping's referenced columns in order, the cell's length in bytes in decimal, `:`, and
/// the cell's bytes as read. The first 16 bytes are kept. The seed names everything else that decides the output — the mapping's identity
/// and targets with their types, the normalization rules' version, libphonenumber's version —
/// so a change to any of them makes every digest unknown and everything is recomputed once.
public struct RowDigest: Hashable, Sendable {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The 16 bytes, big-endian, as stored.
    public var bytes: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * $0)) } + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * $0)) }
    }

    /// The 32 hex digits of `bytes`, as PostgreSQL's `encode(…, 'hex')` writes them.
    public var hex: String {
        String(high, radix: 16).leftPadded(to: 16) + String(low, radix: 16).leftPadded(to: 16)
    }

    /// The digest 32 hex digits spell.
    public init?(hex: String) {
        guard hex.utf8.count == 32, let high = UInt64(hex.prefix(16), radix: 16), let low = UInt64(hex.suffix(16), radix: 16) else { return nil }
        self.init(high: high, low: low)
    }

    /// The first 16 bytes of what `hasher` has taken.
    init(_ hasher: SHA256) {
        self = hasher.finalize().withUnsafeBytes { digest in
            RowDigest(high: UInt64(bigEndian: digest.loadUnaligned(as: UInt64.self)),
                      low: UInt64(bigEndian: digest.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        }
    }

    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        let array = Array(bytes)
        high = array[..<8].reduce(0) { $0 << 8 | UInt64($1) }
        low = array[8...].reduce(0) { $0 << 8 | UInt64($1) }
    }
}

/// Computes `RowDigest`s of one mapping's rows.
public struct RowDigester: Sendable {
    /// Bumped whenever normalization or typing would turn the same cells into other values.
    public static let normalizationVersion = 1

    /// A hasher that has taken the seed: each row's starts as a copy of it.
    let seeded: SHA256
    /// Positions of the referenced columns in the source's rows.
    let positions: [Int]

    public init(mapping: Mapping, columns: [String]) {
        var index: [String: Int] = [:]
        for (position, column) in columns.enumerated() where index[column] == nil { index[column] = position }
        positions = mapping.referencedColumns.compactMap { index[$0] }
        var hasher = SHA256()
        hasher.update(data: Array(Self.seedDigest(of: mapping).utf8))
        seeded = hasher
    }

    /// What a row's hash starts with: the seed's own SHA-256 in 64 lowercase hex digits, so
    /// each row hashes a short prefix, not the whole seed (a database concatenating the row's
    /// text copies the prefix once per cell).
    public static func seedDigest(of mapping: Mapping) -> String {
        SHA256.hash(data: Array(seed(of: mapping).utf8)).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// Everything besides the cells that decides what a row becomes.
    public static func seed(of mapping: Mapping) -> String {
        "attentive-sync row digest 2; normalization \(normalizationVersion); libphonenumber \(PhoneNormalizer.libraryVersion); "
            + "columns \(mapping.referencedColumns); identity \(mapping.identity); customAttributes \(mapping.customAttributes); "
            + "subscriptions \(mapping.subscriptions); identityLinks \(String(describing: mapping.identityLinks)); "
            + (mapping.segments.isEmpty ? "" : "segments \(mapping.segments); ") + "onRemoved \(mapping.onRemoved)\n"
    }

    public func digest(_ fields: [String]) -> RowDigest {
        var batch = RowBatch(columnCount: fields.count)
        batch.append(.row(line: 1, fields: fields))
        return digest(batch, row: 0)
    }

    /// The digest of the row of `batch` whose first field is `firstField`, made from its bytes.
    func digest(_ batch: RowBatch, row firstField: Int) -> RowDigest {
        var hasher = seeded
        // Each cell: up to 20 digits of length, the colon, the bytes.
        var size = 0
        for position in positions { size += batch.range(firstField, position).count + 21 }
        batch.bytes.withUnsafeBufferPointer { bytes in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: size) { encoded in
                var written = 0
                for position in positions {
                    written = Self.writeCell(UnsafeBufferPointer(rebasing: bytes[batch.range(firstField, position)]), to: encoded, at: written)
                }
                hasher.update(bufferPointer: UnsafeRawBufferPointer(UnsafeMutableBufferPointer(rebasing: encoded[..<written])))
            }
        }
        return RowDigest(hasher)
    }

    /// Writes a cell as the digest encodes it, `length:bytes`, at `offset`; returns the offset
    /// after it. `buffer` has room for the bytes and 21 more.
    static func writeCell(_ cell: UnsafeBufferPointer<UInt8>, to buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) -> Int {
        var written = writeDecimal(cell.count, to: buffer, at: offset)
        buffer[written] = UInt8(ascii: ":")
        written += 1
        _ = UnsafeMutableBufferPointer(rebasing: buffer[written..<written + cell.count]).initialize(from: cell)
        return written + cell.count
    }

    /// Writes `value` in decimal at `offset`; returns the offset after it.
    static func writeDecimal(_ value: Int, to buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) -> Int {
        let next = value >= 10 ? writeDecimal(value / 10, to: buffer, at: offset) : offset
        buffer[next] = UInt8(ascii: "0") + UInt8(value % 10)
        return next + 1
    }
}

private extension String {
    func leftPadded(to length: Int) -> String { String(repeating: "0", count: max(0, length - count)) + self }
}
