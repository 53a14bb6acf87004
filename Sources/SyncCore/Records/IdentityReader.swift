/// Reads who a row is about: its phone (E.164) and email, normalized; the primary one keys the
/// state. Column positions are resolved once, against the source's header.
struct IdentityReader: Sendable {
    let primary: IdentifierKind
    let phoneColumn: Int?
    let phone: PhoneNormalizer?
    let emailColumn: Int?

    init(_ identity: IdentityMapping, columns index: [String: Int]) throws {
        primary = identity.primary
        phoneColumn = identity.phone.flatMap { index[$0.column] }
        phone = try identity.phone.map { try PhoneNormalizer(defaultRegion: $0.defaultRegion) }
        emailColumn = identity.email.flatMap { index[$0] }
    }

    /// The row's person and its key, with a warning per invalid secondary identifier; a row
    /// whose primary identifier is empty or invalid is rejected.
    func read(line: Int, fields: [String], warnings: inout [String]) -> Result<(key: String, user: UserIdentity), RowRejection> {
        var user = UserIdentity()
        if let phoneColumn, let phone {
            let raw = fields[phoneColumn]
            user.phone = phone.e164(raw)
            if user.phone == nil {
                let reason = RecordBuilder.isBlank(raw) ? "phone: empty" : "phone: not a valid phone number"
                if primary == .phone { return .failure(RowRejection(line: line, reason: reason)) }
                if !RecordBuilder.isBlank(raw) { warnings.append(reason) }
            }
        }
        if let emailColumn {
            let raw = fields[emailColumn]
            user.email = EmailNormalizer.normalize(raw)
            if user.email == nil {
                let reason = RecordBuilder.isBlank(raw) ? "email: empty" : "email: not a valid address"
                if primary == .email { return .failure(RowRejection(line: line, reason: reason)) }
                if !RecordBuilder.isBlank(raw) { warnings.append(reason) }
            }
        }
        return .success((primary == .phone ? user.phone! : user.email!, user))
    }
}
