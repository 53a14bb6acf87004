public final class CSVSource: RowSource {
    public struct Options: Sendable { public var delimiter: UInt8; public var header: Bool
        public init(delimiter: UInt8 = 44, header: Bool = true) { self.delimiter = delimiter; self.header = header } }
    public init(path: String, options: Options = .init()) throws { columns = []; description = path }
    public let columns: [String]; public var description: String
    public func next() throws -> SourceRow? { nil }
}
public struct PhoneNormalizer: Sendable { public init(defaultRegion: String) throws {}; public func e164(_ raw: String) -> String? { nil } }
public enum EmailNormalizer { public static func normalize(_ raw: String) -> String? { nil } }
public struct ValueError: Error, Sendable, CustomStringConvertible { public var description: String }
public struct ValueParser: Sendable { public init(type: ValueType, format: String? = nil) throws {}
    public func parse(_ raw: String) throws(ValueError) -> AttributeValue? { nil } }
