import Foundation

/// Checks, before anything is sent, that a file a command will write at its end can be written:
/// a run must not send everything and then fail on its report.
public enum OutputPath {
    /// The folder of `path` must exist, be a folder and be writable (a metrics file is renamed into
    /// it); an existing file must be a regular file, or a character device such as `/dev/null`,
    /// that may be written.
    /// - Throws: `ConfigurationError` naming `option`, the path and what to do.
    public static func checkWritable(_ path: String, option: String) throws(ConfigurationError) {
        func refuse(_ problem: String, _ remedy: String) -> ConfigurationError {
            ConfigurationError("\(option) \(path): \(problem); \(remedy) (nothing was sent)")
        }
        let named = (path as NSString).deletingLastPathComponent
        let folder = named.isEmpty ? "." : named
        var info = stat()
        guard stat(folder, &info) == 0 else {
            switch errno {
            case ENOENT: throw refuse("the folder '\(folder)' does not exist", "create it or choose another path")
            case ENOTDIR: throw refuse("'\(folder)' is not a folder", "choose another path")
            case let code: throw refuse("the folder '\(folder)' cannot be read (\(reason(code)))", "fix its permissions or choose another path")
            }
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw refuse("'\(folder)' is not a folder", "choose another path") }
        if stat(path, &info) == 0 {
            let kind = info.st_mode & S_IFMT
            guard kind == S_IFREG || kind == S_IFCHR else { throw refuse("not a regular file", "choose another path") }
            guard access(path, W_OK) == 0 else {
                throw refuse("the file cannot be written (\(reason(errno)))", "fix its permissions or choose another path")
            }
            // A device is written in place: its folder (/dev) need not be writable.
            if kind == S_IFCHR { return }
        }
        guard access(folder, W_OK | X_OK) == 0 else {
            throw refuse("the folder '\(folder)' cannot be written (\(reason(errno)))", "fix its permissions or choose another path")
        }
    }

    private static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
}
