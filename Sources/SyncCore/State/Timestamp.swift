import Foundation

/// ISO 8601 UTC timestamps for the state and reports.
enum Timestamp {
    static func now() -> String {
        Date().formatted(.iso8601)
    }
}
