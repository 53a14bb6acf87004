import Foundation

/// Checks, before anything is sent, that a file a command will write at its end can be written:
/// a run must not send everything and then fail on its report.
public enum OutputPath {
    /// - Throws: `ConfigurationError` naming `option`, the path and what to do.
    public static func checkWritable(_ path: String, option: String) throws(ConfigurationError) {
        let folder = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) else {
            throw ConfigurationError("\(option) \(path): the folder '\(folder)' does not exist; create it or choose another path (nothing was sent)")
        }
        guard isFolder.boolValue else {
            throw ConfigurationError("\(option) \(path): '\(folder)' is not a folder; choose another path (nothing was sent)")
        }
        var info = stat()
        if stat(path, &info) == 0 {
            let kind = info.st_mode & S_IFMT
            guard kind == S_IFREG || kind == S_IFCHR else {
                throw ConfigurationError("\(option) \(path): not a regular file; choose another path (nothing was sent)")
            }
            guard access(path, W_OK) == 0 else {
                throw ConfigurationError("\(option) \(path): the file cannot be written (\(String(cString: strerror(errno)))); fix its permissions or choose another path (nothing was sent)")
            }
        } else if access(folder, W_OK | X_OK) != 0 {
            throw ConfigurationError("\(option) \(path): the folder '\(folder)' cannot be written (\(String(cString: strerror(errno)))); fix its permissions or choose another path (nothing was sent)")
        }
    }
}
