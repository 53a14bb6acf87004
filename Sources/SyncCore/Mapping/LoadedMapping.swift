import Foundation

/// A mapping file of any kind: customer targets, a product catalog, or events.
public enum LoadedMapping: Sendable {
    case customers(Mapping)
    case catalog(CatalogMapping)
    case events(EventMapping)

    /// The mapping's name, which keys its state.
    public var name: String {
        switch self {
        case .customers(let mapping): mapping.name
        case .catalog(let mapping): mapping.name
        case .events(let mapping): mapping.name
        }
    }

    /// The source the mapping reads.
    public var source: SourceConfiguration {
        switch self {
        case .customers(let mapping): mapping.source
        case .catalog(let mapping): mapping.source
        case .events(let mapping): mapping.source
        }
    }
}

extension MappingLoader {
    /// Reads a mapping of any kind: one with a `catalog` block is a catalog mapping, one with
    /// events (`customEvents`, `purchases`, …) an events mapping.
    public static func loadAny(path: String) throws(MappingError) -> LoadedMapping {
        try parseAny(try MappingFile.contents(atPath: path), file: path, baseDirectory: (path as NSString).deletingLastPathComponent)
    }

    public static func parseAny(_ data: Data, file: String, baseDirectory: String) throws(MappingError) -> LoadedMapping {
        let root = try MappingNode.root(parsing: data, file: file)
        if case .object(let object) = root.value, object["catalog"] != nil {
            return .catalog(try CatalogMappingLoader.mapping(root, baseDirectory: baseDirectory))
        }
        if case .object(let object) = root.value, EventMappingLoader.eventKeys.contains(where: { object[$0] != nil }) {
            return .events(try EventMappingLoader.mapping(root, baseDirectory: baseDirectory))
        }
        return .customers(try mapping(root, baseDirectory: baseDirectory))
    }
}
