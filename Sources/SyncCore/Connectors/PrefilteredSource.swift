/// A source whose rows were already diffed against the state's row digests where they are
/// (`PostgresDiffQuery`): it leaves out the rows the state's digests settle — the one row of a
/// key whose state has that one winning digest, the rows of keys with several digests it need
/// not build, rows rejected again — and says which lone digests no row matched, and the lines of
/// the other rows left out.
public protocol PrefilteredSource: RowSource {
    /// Complete once the last row is read; nil when the source was not prefiltered.
    var prefilter: Prefilter? { get }
    /// The lines of the rows left out with `digests`, from the same snapshot: for a key whose
    /// row was left out while another row of the key came.
    func lines(of digests: [RowDigest]) throws -> [RowDigest: Int]
}

/// What a prefiltered source says of the rows it left out.
public struct Prefilter: Sendable, Equatable {
    /// Every row of the source, those left out included.
    public var rowCount = 0
    /// The rows sent.
    public var rowsSent = 0
    /// Lone digests (`PostgresDiffQuery`) no row had.
    public var unmatched: Set<RowDigest> = []
    /// The rows of keys with several digests left out, packed (`LeftOutRows`).
    public var packedRows: [UInt8] = []
    /// The rows left out that the last plan rejected for the same cells, packed (`LeftOutRows`).
    public var packedRejections: [UInt8] = []
}
