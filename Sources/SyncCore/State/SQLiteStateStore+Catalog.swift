/// A key's payload as stored (for the catalog, a product's catalog line as uploaded).
extension SQLiteStateStore {
    /// The payload of one key as stored, or nil when the key is not in the state.
    public func payloadText(mapping: String, scope: Scope, key: String) throws -> String? {
        try withDatabase { db in
            try db.withCachedStatement("SELECT payload FROM records WHERE mapping = ? AND scope = ? AND key = ?") { statement in
                try statement.bind(mapping, scope.stored, key)
                guard try statement.step() else { return nil }
                return statement.text(0)
            }
        }
    }
}
