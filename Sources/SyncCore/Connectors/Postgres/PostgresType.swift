/// How a result column's text is turned into a cell, by the column's type OID.
///
/// The session runs with `DateStyle=ISO` and `TimeZone=UTC`, so the server's text needs
/// only small rewrites: booleans `t`/`f` become `true`/`false`, timestamps become ISO 8601
/// UTC (`2026-11-23 08:00:00+00` → `2026-11-23T08:00:00Z`; a timestamp without time zone
/// is taken as UTC). Every other type — numerics (exact, as the server prints them), dates
/// (`YYYY-MM-DD`), text — is kept as the server prints it.
enum PostgresType: Equatable {
    case boolean
    case timestamp
    case timestampWithTimeZone
    case other(oid: UInt32)

    init(oid: UInt32) {
        switch oid {
        case 16: self = .boolean
        case 1114: self = .timestamp
        case 1184: self = .timestampWithTimeZone
        default: self = .other(oid: oid)
        }
    }
}
