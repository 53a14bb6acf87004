/// A mapping whose rows are events: custom events, and eCommerce events grouped per order.
/// Each event is sent once in its lifetime. Loaded by `EventMappingLoader`.
public struct EventMapping: Sendable {
    /// Keys the state, as for every mapping.
    public var name: String
    public var source: SourceConfiguration
    /// Who each event is about (`user`): the row's phone and email.
    public var identity: IdentityMapping
    public var customEvents: [CustomEventMapping]
    /// At most one per kind.
    public var ecommerce: [EcommerceEventMapping]
    /// Older events are held back, rejected with the reason; nil sends events of any age (up
    /// to `retention`, past which their ids are no longer known).
    public var maxAgeSeconds: Int?
    /// How long the ids of sent events are kept in the state.
    public var retentionSeconds: Int
    /// A PostgreSQL source's watermark column: the query reads rows past the last one acknowledged.
    public var incremental: IncrementalMapping?

    public static let defaultRetentionSeconds = 30 * 86_400
    /// Attentive: an event older than this triggers no journey.
    public static let staleAfterSeconds = 12 * 3_600
    /// An event this far ahead of the clock is flagged: the source's clock or time zone is off.
    public static let futureAfterSeconds = 5 * 60

    public init(name: String, source: SourceConfiguration, identity: IdentityMapping, customEvents: [CustomEventMapping] = [],
                ecommerce: [EcommerceEventMapping] = [], maxAgeSeconds: Int? = nil,
                retentionSeconds: Int = EventMapping.defaultRetentionSeconds, incremental: IncrementalMapping? = nil) {
        self.name = name
        self.source = source
        self.identity = identity
        self.customEvents = customEvents
        self.ecommerce = ecommerce
        self.maxAgeSeconds = maxAgeSeconds
        self.retentionSeconds = retentionSeconds
        self.incremental = incremental
    }

    /// Events older than this are not sent: `maxAge`, and never past `retention`.
    public var oldestSentSeconds: Int { min(maxAgeSeconds ?? .max, retentionSeconds) }

    /// Every source column the mapping reads, in a stable order, without repeats.
    public var referencedColumns: [String] {
        var list = ColumnList(identity: identity)
        for event in customEvents {
            list.add(event.type.column)
            list.add(event.occurredAt?.column)
            for property in event.properties { list.add(property.value.column) }
            switch event.externalEventId {
            case .column(let column): list.add(column)
            case .derived(let columns): columns.forEach { list.add($0) }
            }
        }
        for event in ecommerce {
            list.add(event.orderId)
            list.add(event.occurredAt?.column)
            for reference in event.item.references { list.add(reference.column) }
        }
        list.add(incremental?.column)
        return list.columns
    }
}

/// One custom event per row (`POST /events/custom`).
public struct CustomEventMapping: Sendable, Equatable {
    /// Where the event's id comes from: a column, or a digest of the row's identifying columns.
    public enum ExternalEventId: Sendable, Equatable {
        case column(String)
        case derived([String])
    }

    /// A constant or a column, read as a string.
    public var type: ValueReference
    /// A datetime; nil: when Attentive receives it.
    public var occurredAt: ValueReference?
    public var properties: [AttributeMapping]
    public var externalEventId: ExternalEventId

    /// Characters Attentive does not take in an event's type, nor (`forbiddenInPropertyName`) in a property's name.
    public static let forbiddenInType: Set<Character> = ["\"", "'", "(", ")", "{", "}", "[", "]", "\\", "|", ","]
    public static let forbiddenInPropertyName: Set<Character> = ["\"", "{", "}", "[", "]", "\\", "|"]
}

/// One eCommerce event per order: its rows are the order's lines, its items (`PurchaseRequest`,
/// `AddToCartRequest`, `ProductViewRequest`).
public struct EcommerceEventMapping: Sendable, Equatable {
    public var kind: EventKind
    /// The column whose value groups lines into one event.
    public var orderId: String
    /// A datetime, read from the order's first line; nil: when Attentive receives it.
    public var occurredAt: ValueReference?
    public var item: ItemMapping
}

/// An order line's item (`ProductRequest`).
public struct ItemMapping: Sendable, Equatable {
    public var productId: ValueReference
    public var productVariantId: ValueReference
    public var name: ValueReference?
    public var productUrl: ValueReference?
    public var productImage: ValueReference?
    /// An integer.
    public var quantity: ValueReference?
    /// A number.
    public var price: ValueReference
    /// ISO 4217; Attentive assumes USD when absent.
    public var currency: ValueReference?

    /// Every reference, in the order the item's JSON writes them.
    var references: [ValueReference] {
        [productId, productVariantId] + [name, productUrl, productImage, quantity].compactMap { $0 } + [price] + [currency].compactMap { $0 }
    }
}

/// A PostgreSQL source read past a watermark: `$1` in the query is the last acknowledged value
/// of `column` (NULL on the first run).
public struct IncrementalMapping: Sendable, Equatable {
    public var column: String
}
