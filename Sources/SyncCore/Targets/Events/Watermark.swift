/// The watermark of an incremental events source: how far the next run's query may skip.
///
/// Every row read gives its watermark cell: a row that is done with (rejected, already sent)
/// counts as final; an event to send counts under its id (an order under all its lines' cells)
/// until the run learns whether it was acknowledged. The next watermark is the greatest final
/// value below the least value of an event not acknowledged: never past a failure, so a failed
/// event is read again. Values compare as integers when both are, timestamps by time (the
/// connectors give them in UTC), anything else as text.
public struct Watermark: Sendable {
    /// The least and greatest cell per event to send, by scope and id.
    private var pending: [Scope: [String: (least: String, greatest: String)]] = [:]
    /// Final values below the least pending one cannot be told from a running maximum: kept.
    private var finalValues: [String] = []

    public init() {}

    mutating func done(_ value: String) {
        guard !value.isEmpty else { return }
        finalValues.append(value)
    }

    mutating func pending(_ value: String, scope: Scope, id: String) {
        guard !value.isEmpty else { return }
        if let known = pending[scope]?[id] {
            pending[scope]![id] = (Self.precedes(value, known.least) ? value : known.least,
                                   Self.precedes(known.greatest, value) ? value : known.greatest)
        } else {
            pending[scope, default: [:]][id] = (value, value)
        }
    }

    /// The next watermark, once `acknowledged` tells which pending events were; nil: none yet.
    func next(acknowledged: (Scope, String) throws -> Bool) rethrows -> String? {
        var values = finalValues
        var blocking: String?
        for (scope, events) in pending {
            for (id, cells) in events {
            if try acknowledged(scope, id) {
                values.append(cells.greatest)
            } else if blocking.map({ Self.precedes(cells.least, $0) }) ?? true {
                blocking = cells.least
            }
            }
        }
        var next: String?
        for value in values where blocking.map({ Self.precedes(value, $0) }) ?? true {
            if next.map({ Self.precedes($0, value) }) ?? true { next = value }
        }
        return next
    }

    static func precedes(_ a: String, _ b: String) -> Bool {
        if let left = Int(a), let right = Int(b) { return left < right }
        return sortKey(a) < sortKey(b)
    }

    /// A timestamp (`2026-11-23T08:00:00.5Z`, as the connectors give them) with its fraction of
    /// a second written to nine digits, so that text order is time order (`…:00.5Z` after
    /// `…:00Z`, `…:00.12Z` before `…:00.123Z`); any other text as it is.
    static func sortKey(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19, bytes[4] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " ") else {
            return text
        }
        var index = 19
        var fraction: [UInt8] = []
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                fraction.append(bytes[index])
                index += 1
            }
        }
        guard fraction.count <= 9 else { return text }
        fraction += Array(repeating: UInt8(ascii: "0"), count: 9 - fraction.count)
        return String(decoding: bytes[0..<19] + [UInt8(ascii: ".")] + fraction + bytes[index...], as: UTF8.self)
    }
}
