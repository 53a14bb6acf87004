import Foundation

/// The string `format` hints the validator checks; unknown formats are accepted, as
/// JSON Schema allows.
enum StringFormat {
    static func accepts(_ text: String, format: String) -> Bool {
        switch format {
        case "date-time":
            return text.range(of: #"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})$"#, options: .regularExpression) != nil
        case "date":
            return text.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil
        case "email":
            return text.range(of: #"^[^@\s]+@[^@\s]+$"#, options: .regularExpression) != nil
        default:
            return true
        }
    }
}
