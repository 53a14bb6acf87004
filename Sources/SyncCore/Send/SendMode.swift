/// How `run` sends custom attributes, subscribes and identity links (`--send-mode`): one record
/// a request, in v2 bulk jobs, or in bulk only for a run large enough to gain from it.
public enum SendMode: String, Sendable, CaseIterable {
    case single, bulk, auto

    /// Whether `changes` go in bulk: `auto` when at least `threshold` of them can (those the
    /// ledger holds are not sent at all).
    func sendsInBulk(_ changes: ChangeSpool, ledger: Sender.Ledger, threshold: Int) -> Bool {
        switch self {
        case .single: return false
        case .bulk: return true
        case .auto:
            var carried = 0
            for change in changes where BulkRecord.carries(change) && !ledger.holds(change) {
                carried += 1
                if carried >= threshold { return true }
            }
            return false
        }
    }
}
