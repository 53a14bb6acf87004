/// How `ChangeSpool` writes a change: one record after another, read back only by this
/// version of the tool within the same run, through `ByteWriter` (varints, counted text);
/// enums are their case's position.
///
/// A record: flags, key, target, operation, [line], [phone], [email], request,
/// fields (count, then name and old and new value each), then what is acknowledged: scope,
/// [key, when not the change's], fingerprint, [payload, when not the request's
/// properties]. Bracketed parts are there when their flag is.
enum ChangeEncoding {
    private enum Flag {
        static let checkFirst: UInt8 = 1, line: UInt8 = 2, phone: UInt8 = 4, email: UInt8 = 8
        static let payload: UInt8 = 16, ownKey: UInt8 = 32, payloadIsProperties: UInt8 = 64
    }

    static func write(_ change: Change, to bytes: inout [UInt8]) {
        let acknowledged = change.acknowledged
        var flags: UInt8 = change.checkFirst ? Flag.checkFirst : 0
        if change.line != nil { flags |= Flag.line }
        if change.user.phone != nil { flags |= Flag.phone }
        if change.user.email != nil { flags |= Flag.email }
        if acknowledged.key != change.key { flags |= Flag.ownKey }
        if let payload = acknowledged.payload {
            if case .customAttributes(let properties) = change.request, properties == payload {
                flags |= Flag.payloadIsProperties
            } else {
                flags |= Flag.payload
            }
        }
        var out = ByteWriter(bytes: bytes)
        bytes = []
        out.byte(flags)
        out.text(change.key)
        out.byte(change.target.index)
        out.byte(UInt8(Change.Operation.allCases.firstIndex(of: change.operation)!))
        if let line = change.line { out.int(line) }
        if let phone = change.user.phone { out.text(phone) }
        if let email = change.user.email { out.text(email) }
        out.request(change.request)
        out.int(change.fields.count)
        for field in change.fields {
            out.text(field.name)
            out.value(field.old)
            out.value(field.new)
        }
        out.scope(acknowledged.scope)
        if flags & Flag.ownKey != 0 { out.text(acknowledged.key) }
        out.uint64(acknowledged.fingerprint)
        if flags & Flag.payload != 0, let payload = acknowledged.payload { out.text(payload) }
        bytes = out.bytes
    }

    static func read(_ bytes: UnsafeRawBufferPointer) -> Change {
        var input = ByteReader(bytes: bytes)
        let flags = input.byte()
        let key = input.text()
        let target = Target(index: input.byte())
        let operation = Change.Operation.allCases[Int(input.byte())]
        let line = flags & Flag.line != 0 ? input.int() : nil
        let user = UserIdentity(phone: flags & Flag.phone != 0 ? input.text() : nil, email: flags & Flag.email != 0 ? input.text() : nil)
        let request = input.request()
        let fields = (0..<input.int()).map { _ in FieldChange(name: input.text(), old: input.value(), new: input.value()) }
        let scope = input.scope()
        let acknowledgedKey = flags & Flag.ownKey != 0 ? input.text() : key
        let fingerprint = input.uint64()
        var payload: String?
        if flags & Flag.payload != 0 { payload = input.text() }
        if flags & Flag.payloadIsProperties != 0, case .customAttributes(let properties) = request { payload = properties }
        return Change(key: key, target: target, operation: operation, user: user, line: line, request: request, fields: fields,
                      acknowledged: AcknowledgedRecord(scope: scope, key: acknowledgedKey, fingerprint: fingerprint, payload: payload),
                      checkFirst: flags & Flag.checkFirst != 0)
    }
}

private extension ByteWriter {
    mutating func value(_ value: AttributeValue?) {
        switch value {
        case nil: byte(0)
        case .string(let text)?: byte(1); self.text(text)
        case .number(let literal)?: byte(2); text(literal)
        case .boolean(let flag)?: byte(flag ? 4 : 3)
        }
    }

    mutating func subscription(_ subscription: SubscriptionRef) {
        byte(UInt8(SubscriptionMapping.Channel.allCases.firstIndex(of: subscription.channel)!))
        byte(UInt8(SubscriptionMapping.Kind.allCases.firstIndex(of: subscription.type)!))
        text(subscription.address)
    }

    mutating func request(_ request: Request) {
        switch request {
        case .customAttributes(let properties):
            byte(0); text(properties)
        case .subscribe(let subscription, let signUpSourceId):
            byte(1); self.subscription(subscription); text(signUpSourceId)
        case .unsubscribe(let subscription):
            byte(2); self.subscription(subscription)
        case .identify(let links):
            byte(3); int(links.count)
            for (name, value) in links { text(name); text(value) }
        case .catalogProduct:
            byte(4)
        case .segmentMember(let segment, let add):
            byte(add ? 6 : 5); text(segment.externalId); text(segment.name)
        case .event(let kind, let members):
            byte(7); byte(UInt8(EventKind.allCases.firstIndex(of: kind)!)); text(members)
        }
    }

    mutating func scope(_ scope: Scope) {
        switch scope {
        case .customAttributes: byte(0)
        case .identityLinks: byte(1)
        case .subscription(let channel, let type):
            byte(2)
            byte(UInt8(SubscriptionMapping.Channel.allCases.firstIndex(of: channel)!))
            byte(UInt8(SubscriptionMapping.Kind.allCases.firstIndex(of: type)!))
        case .product: byte(3)
        case .segment(let externalId): byte(4); text(externalId)
        case .event(let kind): byte(5); byte(UInt8(EventKind.allCases.firstIndex(of: kind)!))
        }
    }
}

private extension ByteReader {
    mutating func value() -> AttributeValue? {
        switch byte() {
        case 1: .string(text())
        case 2: .number(text())
        case 3: .boolean(false)
        case 4: .boolean(true)
        default: nil
        }
    }

    mutating func subscription() -> SubscriptionRef {
        let channel = SubscriptionMapping.Channel.allCases[Int(byte())]
        let type = SubscriptionMapping.Kind.allCases[Int(byte())]
        return SubscriptionRef(channel: channel, type: type, address: text())
    }

    mutating func request() -> Request {
        switch byte() {
        case 0: return .customAttributes(properties: text())
        case 1: return .subscribe(subscription(), signUpSourceId: text())
        case 2: return .unsubscribe(subscription())
        case 3:
            var links: [String: String] = [:]
            for _ in 0..<int() {
                let name = text()
                links[name] = text()
            }
            return .identify(links: links)
        case let kind where kind == 5 || kind == 6:
            return .segmentMember(SegmentRef(externalId: text(), name: text()), add: kind == 6)
        case 7:
            return .event(EventKind.allCases[Int(byte())], members: text())
        default: return .catalogProduct
        }
    }

    mutating func scope() -> Scope {
        switch byte() {
        case 0: return .customAttributes
        case 1: return .identityLinks
        case 2: return .subscription(SubscriptionMapping.Channel.allCases[Int(byte())], SubscriptionMapping.Kind.allCases[Int(byte())])
        case 4: return .segment(text())
        case 5: return .event(EventKind.allCases[Int(byte())])
        default: return .product
        }
    }
}
