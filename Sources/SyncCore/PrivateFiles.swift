import Foundation

/// Files and folders that hold customers' data (the state, reports) are the owner's alone:
/// folders the tool creates are 0700 and files 0600, whatever the umask.
public enum PrivateFiles {
    /// Creates `folder` and any missing parent, each 0700; folders that exist are left as they are.
    public static func createFolder(_ folder: String) throws(ConfigurationError) {
        guard !folder.isEmpty else { return }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw ConfigurationError("cannot use \(folder) as a folder: it is a file") }
            return
        }
        try createFolder((folder as NSString).deletingLastPathComponent)
        guard mkdir(folder, 0o700) == 0 || errno == EEXIST else {
            throw ConfigurationError("cannot create the folder \(folder): \(String(cString: strerror(errno)))")
        }
        chmod(folder, 0o700)
    }

    /// Opens `path` for writing, created or truncated, and makes a regular file 0600 (a device
    /// such as `/dev/null` is written as it is). Returns the descriptor, or nil with `errno` set.
    public static func openForWriting(_ path: String) -> Int32? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return nil }
        var status = stat()
        if fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG { fchmod(descriptor, 0o600) }
        return descriptor
    }

    /// Whether `path` is a symbolic link, dangling or not.
    static func isSymbolicLink(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK
    }
}
