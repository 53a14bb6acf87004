/// The watermark of an incremental events source: how far the next run's query may skip.
///
/// Every row read gives its watermark cell: a row that is done with (rejected, already sent)
/// counts as final; an event to send counts under its id (an order under all its lines' cells)
/// until the run learns whether it was acknowledged. The next watermark is the greatest final
/// value below the least value of an event not acknowledged: never past a failure, so a failed
/// event is read again. Values compare as integers when both are, else as text (ISO 8601 and
/// PostgreSQL's UTC timestamps sort as text).
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
        return a < b
    }
}
