import Crypto

/// Turns rows into events per an events mapping: a custom event from one row, an eCommerce
/// event from an order's lines. Values are typed as for custom attributes; the body is written
/// once, without its `user`, as `Request.event`'s members. Column positions are resolved once,
/// against the layout of the rows it is given (`columns`).
struct EventBuilder: Sendable {
    typealias Reader = RecordBuilder.AttributeReader

    /// An event ready to plan.
    struct Event: Sendable {
        /// The `externalEventId`, or the order id: keys the event in the state.
        var id: String
        var user: UserIdentity
        var line: Int
        /// The body's members but `user`.
        var members: String
        /// When it happened, in seconds since 1970; nil when not mapped.
        var occurredAt: Int?
        var fields: [FieldChange]
        /// Of `members`: an event sent before whose row now says otherwise has changed after sending.
        var fingerprint: UInt64 { AttributeSet.fingerprint(canonicalJSON: members) }
    }

    struct CustomReaders: Sendable {
        var type: Reader
        var occurredAt: Reader?
        var properties: [Reader]
        /// The id's column, or the columns it is derived from (with their names, for the digest).
        var idColumn: Int?
        var derivedFrom: [Int]
    }

    struct ItemReaders: Sendable {
        var orderId: Int
        var occurredAt: Reader?
        /// `productId`, `productVariantId`, `name`, `productUrl`, `productImage`: strings, in that order.
        var texts: [(name: String, reader: Reader, required: Bool)]
        var quantity: Reader?
        var price: Reader
        var currency: Reader?
    }

    let identity: IdentityReader
    let custom: [CustomReaders]
    let items: [ItemReaders]

    /// - Throws: `MissingColumnsError` when `columns` lacks a mapped column.
    init(mapping: EventMapping, columns: [String], sourceName: String) throws {
        let index = try MissingColumnsError.positions(of: mapping.referencedColumns, in: columns, source: sourceName)
        identity = try IdentityReader(mapping.identity, columns: index)
        func reader(_ name: String, _ reference: ValueReference) throws -> Reader { try Reader(name: name, reference: reference, columns: index) }
        custom = try mapping.customEvents.map { event in
            var idColumn: Int?, derived: [Int] = []
            switch event.externalEventId {
            case .column(let column): idColumn = index[column]
            case .derived(let columns): derived = columns.map { index[$0]! }
            }
            return CustomReaders(type: try reader("type", event.type), occurredAt: try event.occurredAt.map { try reader("occurredAt", $0) },
                                 properties: try event.properties.map { try reader($0.name, $0.value) },
                                 idColumn: idColumn, derivedFrom: derived)
        }
        items = try mapping.ecommerce.map { event in
            let item = event.item
            var texts: [(String, Reader, Bool)] = [("productId", try reader("productId", item.productId), true),
                                                  ("productVariantId", try reader("productVariantId", item.productVariantId), true)]
            for (name, reference) in [("name", item.name), ("productUrl", item.productUrl), ("productImage", item.productImage)] {
                if let reference { texts.append((name, try reader(name, reference), false)) }
            }
            return ItemReaders(orderId: index[event.orderId]!, occurredAt: try event.occurredAt.map { try reader("occurredAt", $0) },
                               texts: texts, quantity: try item.quantity.map { try reader("quantity", $0) },
                               price: try reader("price", item.price), currency: try item.currency.map { try reader("currency", $0) })
        }
    }

    /// The row's custom event `index` (its person already read), or why it cannot be sent.
    func customEvent(_ index: Int, line: Int, fields: [String], user: UserIdentity) -> Result<Event, RowRejection> {
        let readers = custom[index]
        let target = EventKind.customEvents.target
        func reject(_ reason: String) -> Result<Event, RowRejection> { .failure(RowRejection(line: line, reason: reason, target: target)) }
        var current = readers.type
        do {
            guard case .string(let type)? = try readers.type.value(in: fields) else { return reject("\(readers.type.label): empty") }
            if type.contains(where: CustomEventMapping.forbiddenInType.contains) {
                return reject("\(readers.type.label): Attentive does not take \" ' ( ) { } [ ] \\ | or , in an event's type")
            }
            let id: String
            if let column = readers.idColumn {
                id = fields[column].trimmedValue
                guard !id.isEmpty else { return reject("externalEventId: empty") }
            } else {
                id = Self.derivedId(type: type, cells: readers.derivedFrom.map { fields[$0] })
            }
            var properties: [String: AttributeValue] = [:]
            for reader in readers.properties {
                current = reader
                if let value = try reader.value(in: fields) { properties[reader.name] = value }
            }
            var occurredAt: String?
            if let reader = readers.occurredAt {
                current = reader
                guard case .string(let text)? = try reader.value(in: fields) else { return reject("\(reader.label): empty") }
                occurredAt = text
            }
            var members = "\"type\":" + JSONText.quoted(type)
            if !properties.isEmpty { members += ",\"properties\":" + AttributeSet.canonicalJSON(properties) }
            members += ",\"externalEventId\":" + JSONText.quoted(id)
            if let occurredAt { members += ",\"occurredAt\":" + JSONText.quoted(occurredAt) }
            var changes = [FieldChange(name: "type", old: nil, new: .string(type))]
            if let occurredAt { changes.append(FieldChange(name: "occurredAt", old: nil, new: .string(occurredAt))) }
            changes += properties.keys.sorted().map { FieldChange(name: $0, old: nil, new: properties[$0]) }
            return .success(Event(id: id, user: user, line: line, members: members, occurredAt: occurredAt.flatMap(Self.seconds),
                                  fields: changes))
        } catch {
            return reject("\(current.label): \(error)")
        }
    }

    /// A stable id from the row's identifying cells: the same row always yields the same id, on
    /// any machine. SHA-256 over the type and each cell (length in bytes, `:`, the trimmed cell);
    /// 32 hex digits of it.
    static func derivedId(type: String, cells: [String]) -> String {
        var hasher = SHA256()
        for part in [type] + cells.map(\.trimmedValue) {
            hasher.update(data: Array("\(part.utf8.count):".utf8) + Array(part.utf8))
        }
        return hasher.finalize().prefix(16).map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }

    /// One order's event of kind `index` from its lines (projected rows, order id first), or why
    /// it cannot be sent. The person and the time are the first line's.
    func ecommerceEvent(_ index: Int, kind: EventKind, order: ProductRows) -> Result<Event, RowRejection> {
        let readers = items[index]
        let first = order.rows[0]
        func reject(_ reason: String, line: Int? = nil) -> Result<Event, RowRejection> {
            .failure(RowRejection(line: line ?? first.line, reason: reason, target: kind.target))
        }
        var warnings: [String] = []
        let user: UserIdentity
        switch identity.read(line: first.line, fields: first.fields, warnings: &warnings) {
        case .success(let read): user = read.user
        case .failure(let rejection): return reject("order \(order.productID): \(rejection.reason)")
        }
        var itemsJSON: [String] = []
        var current = readers.price
        var line = first.line
        do {
            var occurredAt: String?
            if let reader = readers.occurredAt {
                current = reader
                guard case .string(let text)? = try reader.value(in: first.fields) else { return reject("\(reader.label): empty") }
                occurredAt = text
            }
            for row in order.rows {
                line = row.line
                var members: [String] = []
                for (name, reader, required) in readers.texts {
                    current = reader
                    guard let value = try reader.value(in: row.fields) else {
                        if required { return reject("\(reader.label): empty", line: line) }
                        continue
                    }
                    members.append("\"\(name)\":" + JSONText.quoted(value.displayText))
                }
                if let reader = readers.quantity {
                    current = reader
                    if case .number(let quantity)? = try reader.value(in: row.fields) { members.append("\"quantity\":" + quantity) }
                }
                current = readers.price
                guard case .number(let price)? = try readers.price.value(in: row.fields) else { return reject("\(readers.price.label): empty", line: line) }
                var priceMembers = "\"value\":" + price
                if let reader = readers.currency {
                    current = reader
                    if let currency = try reader.value(in: row.fields) { priceMembers += ",\"currency\":" + JSONText.quoted(currency.displayText) }
                }
                members.append("\"price\":[{" + priceMembers + "}]")
                itemsJSON.append("{" + members.joined(separator: ",") + "}")
            }
            var body = "\"items\":[" + itemsJSON.joined(separator: ",") + "]"
            if let occurredAt { body += ",\"occurredAt\":" + JSONText.quoted(occurredAt) }
            var fields = [FieldChange(name: "items", old: nil, new: .number(String(order.rowCount)))]
            if let occurredAt { fields.append(FieldChange(name: "occurredAt", old: nil, new: .string(occurredAt))) }
            return .success(Event(id: order.productID, user: user, line: first.line, members: body,
                                  occurredAt: occurredAt.flatMap(Self.seconds), fields: fields))
        } catch {
            return reject("\(current.label): \(error)", line: line)
        }
    }

    /// Seconds since 1970 of a datetime as `ValueParser` writes it (`YYYY-MM-DDTHH:MM:SS[.sss]Z`).
    static func seconds(_ utc: String) -> Int? {
        ISO8601Text.value(utc)?.secondsSince1970
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
