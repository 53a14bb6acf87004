/// A declarative mapping: where rows come from, which columns identify a person,
/// and which columns become which Attentive objects. Loaded by `MappingLoader`.
public struct Mapping: Sendable {
    /// Keys the state: two mappings with the same name share what was last sent.
    public var name: String
    public var source: SourceConfiguration
    public var identity: IdentityMapping
    /// Custom attributes by Attentive attribute name, sorted by name.
    public var customAttributes: [AttributeMapping]
    /// Subscription entries, one per channel and type.
    public var subscriptions: [SubscriptionMapping]
    public var identityLinks: IdentityLinksMapping?
    /// Segments whose membership mirrors the source.
    public var segments: [SegmentMapping]
    public var onRemoved: RemovalPolicy

    public init(
        name: String,
        source: SourceConfiguration,
        identity: IdentityMapping,
        customAttributes: [AttributeMapping] = [],
        subscriptions: [SubscriptionMapping] = [],
        identityLinks: IdentityLinksMapping? = nil,
        segments: [SegmentMapping] = [],
        onRemoved: RemovalPolicy = .init()
    ) {
        self.name = name
        self.source = source
        self.identity = identity
        self.customAttributes = customAttributes.sorted { $0.name < $1.name }
        self.subscriptions = subscriptions
        self.identityLinks = identityLinks
        self.segments = segments
        self.onRemoved = onRemoved
    }

    /// Every source column the mapping reads, in a stable order, without repeats.
    public var referencedColumns: [String] {
        var list = ColumnList(identity: identity)
        for attribute in customAttributes { list.add(attribute.value.column) }
        for subscription in subscriptions { list.add(subscription.optIn.column) }
        for link in identityLinks?.links ?? [] { list.add(link.value.column) }
        for segment in segments { list.add(segment.member.column) }
        return list.columns
    }
}

/// Where rows come from.
public enum SourceConfiguration: Sendable, Equatable {
    case csv(CSVSourceConfiguration)
    case postgres(PostgresSourceConfiguration)
}

/// A CSV export: `path` is already resolved against the mapping file's folder (`-` is stdin).
public struct CSVSourceConfiguration: Sendable, Equatable {
    public var path: String
    public var delimiter: UInt8
    public var header: Bool
    public var encoding: TextEncoding

    public init(path: String, delimiter: UInt8 = UInt8(ascii: ","), header: Bool = true, encoding: TextEncoding = .utf8) {
        self.path = path
        self.delimiter = delimiter
        self.header = header
        self.encoding = encoding
    }
}

/// Which identifiers a row carries and which one keys the state.
public struct IdentityMapping: Sendable, Equatable {
    public var phone: PhoneColumn?
    /// The email column, if mapped.
    public var email: String?
    public var primary: IdentifierKind

    public init(phone: PhoneColumn?, email: String?, primary: IdentifierKind? = nil) {
        self.phone = phone
        self.email = email
        self.primary = primary ?? (phone != nil ? .phone : .email)
    }
}

/// A phone column and the region its national numbers belong to.
public struct PhoneColumn: Sendable, Equatable {
    public var column: String
    public var defaultRegion: String

    public init(column: String, defaultRegion: String = "US") {
        self.column = column
        self.defaultRegion = defaultRegion
    }
}

/// The identifier kinds Attentive keys a user on.
public enum IdentifierKind: String, Sendable, CaseIterable {
    case phone, email
}

/// One custom attribute: its Attentive name and where its value comes from.
public struct AttributeMapping: Sendable, Equatable {
    public var name: String
    public var value: ValueReference

    public init(name: String, value: ValueReference) {
        self.name = name
        self.value = value
    }
}

/// A column reference (or a constant) with the type its values are read as.
public struct ValueReference: Sendable, Equatable {
    public enum Origin: Sendable, Equatable {
        case column(String)
        case constant(String)
    }

    public var origin: Origin
    public var type: ValueType
    /// The source form of `date`/`datetime` values (e.g. `MM/dd/yyyy`); ISO 8601 when nil.
    public var format: String?
    /// Used when the cell is empty.
    public var defaultValue: String?

    public init(origin: Origin, type: ValueType = .string, format: String? = nil, defaultValue: String? = nil) {
        self.origin = origin
        self.type = type
        self.format = format
        self.defaultValue = defaultValue
    }

    /// The source column, or nil for a constant.
    public var column: String? {
        if case .column(let name) = origin { return name }
        return nil
    }
}

/// What to do with keys that were in the last run's source and are gone now.
public struct RemovalPolicy: Sendable, Equatable {
    public enum Attributes: String, Sendable, CaseIterable {
        /// Leave what Attentive holds as it is.
        case ignore
        /// Send each attribute the tool last set as an empty string.
        case clear
    }

    public enum Subscriptions: String, Sendable, CaseIterable {
        /// Leave subscriptions as they are.
        case ignore
        /// Unsubscribe keys this tool knows to be subscribed.
        case unsubscribe
    }

    public enum Segments: String, Sendable, CaseIterable {
        /// Take keys gone from the source out of the segments the tool put them in.
        case remove
        /// Leave them in.
        case ignore
    }

    public var customAttributes: Attributes
    public var subscriptions: Subscriptions
    public var segments: Segments

    public init(customAttributes: Attributes = .ignore, subscriptions: Subscriptions = .ignore, segments: Segments = .remove) {
        self.customAttributes = customAttributes
        self.subscriptions = subscriptions
        self.segments = segments
    }
}
